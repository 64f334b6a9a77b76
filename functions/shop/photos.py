"""Booking photos (before a bouquet leaves, at hand-over): staff upload them straight to a private
S3 bucket through presigned URLs; members see them through short-lived presigned URLs. Locally
(no S3) the dev server keeps them in `.local/photos` behind `/dev/photos/`."""

from __future__ import annotations

from shop.settings import get_settings

UPLOAD_SECONDS = 600
VIEW_SECONDS = 3600
CONTENT_TYPE = "image/jpeg"


def upload_url(key: str) -> str:
    settings = get_settings()
    if settings.photos_dir:
        return f"/dev/photos/{key}"
    import boto3

    return boto3.client("s3").generate_presigned_url(
        "put_object",
        Params={"Bucket": settings.photos_bucket, "Key": key, "ContentType": CONTENT_TYPE},
        ExpiresIn=UPLOAD_SECONDS,
    )


def view_url(key: str) -> str:
    settings = get_settings()
    if settings.photos_dir:
        return f"/dev/photos/{key}"
    import boto3

    return boto3.client("s3").generate_presigned_url(
        "get_object", Params={"Bucket": settings.photos_bucket, "Key": key}, ExpiresIn=VIEW_SECONDS
    )
