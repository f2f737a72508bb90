"""Preview sizes for the site's pages: as a patient sees it on a phone, and on a computer."""

PREVIEW_SIZES = [
    {
        "name": "mobile",
        "icon": "mobile-alt",
        "device_width": 375,
        "label": "Preview as on a phone",
    },
    {
        "name": "desktop",
        "icon": "desktop",
        "device_width": 1280,
        "label": "Preview as on a computer",
    },
]


class PreviewSizesMixin:
    """Phone first: most patients read the site on a phone."""

    @property
    def preview_sizes(self):
        return PREVIEW_SIZES

    @property
    def default_preview_size(self):
        return "mobile"
