# Petalpoint: `make dev` serves the shop locally, `make test` runs every check. Both set up
# whatever is missing first (virtual environment, pinned dependencies, DynamoDB Local, axe-core).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DDB_PORT ?= 8001
export PORT DDB_PORT

.PHONY: dev test bench lint site translations manager outreach deploy setup clean

dev: setup
	$(PY) -m infra.dev --port $(PORT) --ddb-port $(DDB_PORT)

test: setup
	$(PY) -m ruff check functions infra site tests
	$(PY) -m ruff format --check functions infra site tests
	$(VENV)/bin/cfn-lint template.yaml
	$(PY) -m pytest tests/unit tests/integration tests/e2e

bench: setup
	$(PY) -m tests.bench

site: setup
	$(PY) -m infra.site

# The first manager: make manager CONTACT="139 0000 0001" NAME=林店长 [STORE=静安店]
manager: setup
	@test -n "$(CONTACT)" || { echo 'usage: make manager CONTACT="139 0000 0001" [NAME=...] [STORE=...]'; exit 2; }
	$(PY) -m infra.manager --contact "$(CONTACT)" $(if $(NAME),--name "$(NAME)") $(if $(STORE),--store "$(STORE)")

# The daily job for a day, over the local data: make outreach [DATE=YYYY-MM-DD] [DRY_RUN=1]
outreach: setup
	$(PY) -m infra.outreach $(if $(DATE),--date $(DATE)) $(if $(DRY_RUN),--dry-run)

# Deploy to AWS: make deploy STACK=<stack> [REGION=<region>] [PARAMS="DomainName=... CertificateArn=..."]
# (needs the SAM CLI and the AWS CLI, signed in): the stack, then the site into its bucket, then
# CloudFront's cache emptied so visitors get the new pages.
deploy: setup
	@test -n "$(STACK)" || { echo 'usage: make deploy STACK=<stack> [REGION=<region>] [PARAMS="Key=Value ..."]'; exit 2; }
	sam build
	sam deploy --stack-name $(STACK) $(if $(REGION),--region $(REGION)) --resolve-s3 --capabilities CAPABILITY_IAM \
		--no-fail-on-empty-changeset $(if $(PARAMS),--parameter-overrides $(PARAMS))
	site=$${SITE_URL:-$$(aws cloudformation describe-stacks --stack-name $(STACK) $(if $(REGION),--region $(REGION)) \
		--query "Stacks[0].Outputs[?OutputKey=='SiteAddress'].OutputValue" --output text)} && \
	SITE_URL="$$site" $(PY) -m infra.site output
	bucket=$$(aws cloudformation describe-stacks --stack-name $(STACK) $(if $(REGION),--region $(REGION)) \
		--query "Stacks[0].Outputs[?OutputKey=='SiteBucketName'].OutputValue" --output text) && \
	aws s3 sync output/ "s3://$$bucket" --delete --only-show-errors
	distribution=$$(aws cloudformation describe-stacks --stack-name $(STACK) $(if $(REGION),--region $(REGION)) \
		--query "Stacks[0].Outputs[?OutputKey=='DistributionId'].OutputValue" --output text) && \
	aws cloudfront create-invalidation --distribution-id "$$distribution" --paths "/*" --query Invalidation.Id --output text

# Refresh the one translation catalog from the code, the theme and the message templates.
translations: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k translate:2 --no-location --sort-output \
		-o functions/shop/locale/messages.pot .
	$(VENV)/bin/pybabel update -i functions/shop/locale/messages.pot -d functions/shop/locale -l zh \
		--no-fuzzy-matching --ignore-obsolete

setup: $(VENV)/.installed .local/.installed

$(VENV)/.installed: functions/requirements.txt functions/requirements-dev.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r functions/requirements-dev.txt
	touch $@

.local/.installed: infra/package.json infra/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20+ to get DynamoDB Local"; exit 1; }
	mkdir -p .local
	cp infra/package.json infra/package-lock.json .local/
	cd .local && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf output .pytest_cache test-output
