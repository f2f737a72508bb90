"""The services' schema.org types: a service or condition page as MedicalWebPage about
the therapy (PhysicalTherapy) and the conditions it treats (MedicalCondition)."""

from healinghaven.seo import schema


def medical_web_page(
    *,
    url: str,
    name: str,
    description: str,
    clinic,
    root_url: str,
    logo_url: str,
    image: dict | None = None,
    modified=None,
    about: list[dict] | None = None,
    review: dict | None = None,
) -> dict:
    return schema.drop_empty(
        {
            "@context": schema.SCHEMA,
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "name": name,
            "description": schema.plain_text(description),
            "inLanguage": schema.LANGUAGE,
            "dateModified": schema.iso_datetime(modified),
            "image": schema.image_object(image),
            "about": about,
            **(review or {}),
            "publisher": schema.publisher(clinic, root_url=root_url, logo_url=logo_url),
            "isPartOf": {
                "@type": "WebSite",
                "@id": root_url.rstrip("/") + "/#website",
                "name": clinic.name,
                "url": root_url.rstrip("/") + "/",
            },
        }
    )


def therapy(name: str, description: str, url: str) -> dict:
    return schema.drop_empty(
        {
            "@type": "PhysicalTherapy",
            "name": name,
            "description": schema.plain_text(description),
            "url": url,
        }
    )


def medical_condition(name: str, description: str = "", url: str = "") -> dict:
    return schema.drop_empty(
        {
            "@type": "MedicalCondition",
            "name": name,
            "description": schema.plain_text(description),
            "url": url,
        }
    )
