"""The shop's words for preferences and sensitivities: the values the API takes, and their names
in both languages (English message ids; the Chinese is in the catalog)."""

from shop.i18n import N_

FLOWERS = {
    "rose": N_("roses"),
    "lily": N_("lilies"),
    "tulip": N_("tulips"),
    "peony": N_("peonies"),
    "hydrangea": N_("hydrangeas"),
    "carnation": N_("carnations"),
    "sunflower": N_("sunflowers"),
    "orchid": N_("orchids"),
    "lisianthus": N_("lisianthus"),
    "babys-breath": N_("baby's breath"),
    "eucalyptus": N_("eucalyptus"),
    "gerbera": N_("gerberas"),
    "green-plants": N_("green plants"),
}
COLOURS = {
    "red": N_("red"),
    "pink": N_("pink"),
    "white": N_("white"),
    "yellow": N_("yellow"),
    "purple": N_("purple"),
    "orange": N_("orange"),
    "blue": N_("blue"),
    "green": N_("green"),
    "champagne": N_("champagne"),
}
STYLES = {
    "simple": N_("simple"),
    "romantic": N_("romantic"),
    "natural": N_("natural"),
    "luxurious": N_("luxurious"),
    "korean": N_("Korean-style"),
    "european": N_("European-style"),
}
BUDGETS = {
    "under-100": N_("under ¥100"),
    "100-200": N_("¥100-200"),
    "200-400": N_("¥200-400"),
    "400-plus": N_("over ¥400"),
}
ALLERGIES = {
    "pollen": N_("Pollen allergy: suggest low-pollen flowers and remove lily stamens."),
    "scent": N_("Sensitive to scent: avoid strongly scented flowers."),
}
PETS = {
    "cat": N_("Cat at home: no lilies, they are deadly to cats; check plants for toxicity."),
    "dog": N_("Dog at home: check plants and flowers for toxicity to dogs."),
}

# What a bouquet or a plant is made of: each variety's name and what it means for allergies and
# pets (decision 9). Flags: pollen, scent, toxic-cat, toxic-dog.
VARIETIES = {
    "rose-red": (N_("red roses"), set()),
    "rose-pink": (N_("pink roses"), set()),
    "rose-white": (N_("white roses"), set()),
    "lily": (N_("lilies"), {"pollen", "scent", "toxic-cat"}),
    "tulip": (N_("tulips"), {"toxic-cat", "toxic-dog"}),
    "peony": (N_("peonies"), {"scent", "toxic-cat", "toxic-dog"}),
    "hydrangea": (N_("hydrangeas"), {"toxic-cat", "toxic-dog"}),
    "carnation": (N_("carnations"), {"toxic-cat", "toxic-dog"}),
    "chrysanthemum-white": (N_("white chrysanthemums"), {"pollen", "toxic-cat", "toxic-dog"}),
    "chrysanthemum-yellow": (N_("yellow chrysanthemums"), {"pollen", "toxic-cat", "toxic-dog"}),
    "sunflower": (N_("sunflowers"), {"pollen"}),
    "lisianthus": (N_("lisianthus"), set()),
    "babys-breath": (N_("baby's breath"), {"toxic-cat", "toxic-dog"}),
    "eucalyptus": (N_("eucalyptus"), {"scent", "toxic-cat", "toxic-dog"}),
    "gerbera": (N_("gerberas"), set()),
    "orchid": (N_("phalaenopsis orchids"), set()),
    "green-plant": (N_("green plants"), set()),
}
OCCASIONS = {
    "birthday": N_("Birthday"),
    "anniversary": N_("Anniversary"),
    "love": N_("Love and romance"),
    "mothers-day": N_("Mother's Day"),
    "teachers-day": N_("Teachers' Day"),
    "get-well": N_("Get well (hospital visit)"),
    "congratulations": N_("Congratulations"),
    "sympathy": N_("Sympathy"),
    "memorial": N_("Memorial"),
    "everyday": N_("Everyday"),
}
ILLUSTRATIONS = (
    "rose",
    "lily",
    "tulip",
    "peony",
    "hydrangea",
    "sunflower",
    "carnation",
    "orchid",
    "green-plant",
    "mixed",
)
