"""The reading-comfort choices a reader can make, with their labels and defaults.

The account keeps them in columns of `users`; visitors keep them in a cookie. Both are
checked against these choices (services/comfort.py) before a page uses them.
"""

TEXT_SIZES = {
    "standard": "Standard",
    "large": "Large",
    "larger": "Larger",
    "largest": "Largest",
}
LINE_SPACINGS = {
    "normal": "Normal",
    "roomy": "Roomy: more space between lines and paragraphs",
}
THEMES = {
    "system": "Follow my device (light or dark)",
    "light": "Light",
    "dark": "Dark",
    "contrast": "High contrast: black on white",
}
MOTIONS = {
    "system": "Follow my device",
    "reduce": "Always reduce movement",
}
FONTS = {
    "default": "The usual font",
    "readable": "Atkinson Hyperlegible, made for low vision",
}

# Each setting: its choices, and the first of them is the default.
CHOICES = {
    "text_size": TEXT_SIZES,
    "line_spacing": LINE_SPACINGS,
    "theme": THEMES,
    "motion": MOTIONS,
    "font": FONTS,
}
DEFAULTS = {name: next(iter(choices)) for name, choices in CHOICES.items()}
CHOICE_MAX_LENGTH = 12
