"""Shapes that more than one function answers with."""

from __future__ import annotations

from shop.tables import Store


def store_view(store: Store) -> dict:
    return {
        "id": store.store_id,
        "name": store.name,
        "address": store.address,
        "phone": store.phone,
        "hours": store.hours,
    }


def qr_svg(text: str, title: str):
    """A QR code as an SVG answer (posters, coupons, referral links), drawn in the shop's green."""
    import io

    import segno
    from aws_lambda_powertools.event_handler import Response

    svg = io.BytesIO()
    segno.make(text, error="m").save(svg, kind="svg", scale=8, border=2, dark="#1f3d2b", title=title)
    return Response(200, "image/svg+xml", svg.getvalue().decode(), headers={"Cache-Control": "private, max-age=300"})
