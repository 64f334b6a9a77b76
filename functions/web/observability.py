"""The one logger (JSON, with the request id). Never log a code, a token, a phone or an email."""

from aws_lambda_powertools import Logger

logger = Logger(service="petalpoint")
