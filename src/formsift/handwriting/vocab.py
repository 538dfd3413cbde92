"""Text for synthetic training lines: the vocabulary of business documents (names, amounts,
dates, IDs, addresses, quantities, short phrases) in English, French and German, plus
free prose-like word sequences so the model does not learn only forms.

Everything is drawn from a ``random.Random`` so a seed gives the same lines.
"""

from __future__ import annotations

import random

FIRST = ["Anna", "John", "Sofia", "Lukas", "Emma", "Noah", "Mia", "Oliver", "Camille", "Louis",
         "Chloé", "Hugo", "Léa", "Jules", "Manon", "Gabriel", "Élise", "Théo", "Zoé", "Mathis",
         "Margaret", "William", "Elizabeth", "George", "Mary", "Henry", "Charlotte", "Joseph",
         "Hannah", "Jakob", "Greta", "Paul", "Sarah", "David", "Maria", "Pierre", "Jeanne",
         "François", "Amélie", "Stéphane", "Benoît", "Hélène", "Céline", "Jérôme", "Agnès"]
LAST = ["Keller", "Miller", "Rossi", "Brandt", "Dubois", "Jansen", "Schmidt", "Wright",
        "Martin", "Bernard", "Lefèvre", "Moreau", "Girard", "Roux", "Fournier", "Lambert",
        "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Pelletier",
        "Hooker", "Darwin", "Thompson", "Baker", "Clarke", "Hughes", "Walker", "Evans",
        "Müller", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Lévesque"]
STREETS = ["rue Saint-Denis", "boulevard René-Lévesque", "avenue du Parc", "rue de la Paix",
           "chemin des Vignes", "Market Street", "Station Road", "Mill Lane", "King Street",
           "Harbour View", "Hafenstraße", "Bahnhofstraße", "Lindenweg", "rue Sherbrooke",
           "place d'Youville", "Kew Gardens", "Regent Street", "rue Notre-Dame"]
CITIES = ["Montréal", "Québec", "Paris", "Lyon", "Marseille", "Bordeaux", "Toulouse", "Nantes",
          "Lille", "Leeds", "Bristol", "York", "London", "Norwich", "Bath", "Hamburg",
          "Bremen", "Kassel", "Sherbrooke", "Trois-Rivières", "Gatineau", "Laval", "Calcutta",
          "Edinburgh", "Glasgow", "Dublin"]
PRODUCTS = ["chaise de bureau", "lampe de bureau", "papier A4", "cartouche d'encre", "câble USB",
            "office chair", "desk lamp", "printer paper", "ink cartridge", "monitor stand",
            "markers", "stapler", "keyboard", "cable ties", "palette", "cartons", "boîtes",
            "sacs de ciment", "planches", "vis", "écrous", "bolts", "screws", "gloves",
            "Bürostuhl", "Druckerpapier", "Kabelbinder"]
UNITS = ["pcs", "pièces", "kg", "g", "m", "cm", "L", "ml", "boxes", "cartons", "Stk", "u.",
         "sacs", "rolls", "paquets", "unités"]
PHRASES = [
    "Received in good condition", "Reçu en bon état", "Approved", "Approuvé", "Bon pour accord",
    "Lu et approuvé", "Paid", "Payé", "Please call me", "Merci beaucoup", "Thank you",
    "À payer avant le", "Due on", "See attached", "Voir pièce jointe", "Correction",
    "Total corrigé", "Checked by", "Vérifié par", "Signed", "Signé", "Livré le", "Delivered on",
    "Missing items", "Articles manquants", "Retour", "Returned", "Damaged box",
    "Carton abîmé", "OK pour paiement", "Annulé", "Cancelled", "Urgent", "Facture",
    "Invoice", "Bon de livraison", "Delivery note", "Quantité reçue", "Quantity received",
    "Numéro de commande", "Order number", "Date de livraison", "Montant total", "Amount due",
]
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}
# common words of everyday French and English prose and letters (19th-century included)
WORDS_FR = (  # noqa: SIM905
    "le la les un une des de du et est à au aux en dans par pour sur avec sans sous entre "
    "qui que dont où ce cette ces son sa ses leur leurs il elle ils elles nous vous on "
    "était sont été être avoir fait faire dit peut plus moins très bien aussi comme mais "
    "ou donc car ni si tout tous toute toutes autre autres même premier première dernier "
    "année années siècle ville pays région commune département rivière village église "
    "ouest est nord sud située situé française français québécois canadienne espèce "
    "famille genre nom noms partie guerre histoire état états monde temps jour jours "
    "mois semaine travail maison école musique film album roman auteur livre joueur "
    "équipe football championnat saison match coupe olympiques jeux été hiver août "
    "population habitants kilomètres mètres altitude superficie lac mont île côte "
    "politique président ministre gouvernement parti élection député né née mort morte "
    "scientifique biologiste botaniste chimiste écrivain peintre acteur chanteur "
    "lors depuis pendant avant après contre vers chez selon ainsi alors encore déjà "
    "celui celle ceux nouvelle nouveau grand grande petit petite ancien ancienne "
    "église cathédrale château pont route gare port aéroport université musée"
).split()
WORDS_EN = (  # noqa: SIM905
    "the of and to a in that is was he for it with as his on be at by had not are but "
    "from or have an they which one you were her all she there would their we him been "
    "has when who will more no if out so said what up its about into than them can only "
    "other new some could time these two may then do first any my now such like our over "
    "man me even most made after also did many before must through back years where much "
    "your way well down should because each just those people how too little state good "
    "very make world still own see men work long get here between both life being under "
    "never day same another know while last might us great old year off come since against "
    "go came right used take three letter letters dear friend write wrote received shall "
    "hope thank thanks kind kindly yesterday tomorrow morning evening weather glorious "
    "plants seeds specimens collection garden gardens herbarium botanical flora species "
    "genus journey voyage ship India Kew mother father wife brother sister children "
    "health better sorry glad pleased sincerely affectionately yours ever truly believe "
    "difficult find made two yet though together week month post parcel box sent send "
    "shd wd cd & Mr Mrs Dr St"
).split()
TLDS = ["com", "org", "fr", "ca", "net", "co.uk", "de"]


def _name(rng: random.Random) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.randrange(5)
    if form == 0:
        return f"{first[0]}. {last}"
    if form == 1:
        return f"{last}, {first}"
    if form == 2:
        return last.upper()
    return f"{first} {last}"


def amount(rng: random.Random) -> str:
    """A money amount written in one of the usual ways (1 234,56 / 1,234.56 / 12.50 €)."""
    value = rng.choice([rng.randrange(1, 100), rng.randrange(100, 10000),
                        rng.randrange(10000, 1000000)])
    cents = rng.randrange(100)
    style = rng.randrange(6)
    if style == 0:
        text = f"{value:,}.{cents:02d}"
    elif style == 1:
        text = f"{value:,}".replace(",", " ") + f",{cents:02d}"
    elif style == 2:
        text = f"{value:,}".replace(",", ".") + f",{cents:02d}"
    elif style == 3:
        text = f"{value}.{cents:02d}"
    elif style == 4:
        text = f"{value},{cents:02d}"
    else:
        text = str(value)
    cur = rng.random()
    if cur < 0.2:
        text += " €"
    elif cur < 0.3:
        text = "$" + text
    elif cur < 0.35:
        text = "£" + text
    elif cur < 0.4:
        text += " $"
    return text


def date_text(rng: random.Random) -> str:
    d, m, y = rng.randrange(1, 32), rng.randrange(1, 13), rng.randrange(1850, 2031)
    style = rng.randrange(7)
    if style == 0:
        return f"{d:02d}/{m:02d}/{y}"
    if style == 1:
        return f"{d}.{m}.{y}"
    if style == 2:
        return f"{y}-{m:02d}-{d:02d}"
    if style == 3:
        return f"{d} {rng.choice(MONTHS['fr'])} {y}"
    if style == 4:
        return f"{rng.choice(MONTHS['en'])} {d}, {y}"
    if style == 5:
        return f"{d:02d}-{m:02d}-{y % 100:02d}"
    return f"{d}/{m}/{y % 100:02d}"


def identifier(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    style = rng.randrange(6)
    digits = "".join(str(rng.randrange(10)) for _ in range(rng.randrange(3, 9)))
    if style == 0:
        return f"{rng.choice(['INV', 'FAC', 'DN', 'BL', 'PO', 'CMD'])}-{digits}"
    if style == 1:
        return f"{rng.choice(letters)}{rng.choice(letters)}-{digits}"
    if style == 2:
        return f"N° {digits}"
    if style == 3:
        return f"#{digits}"
    if style == 4:
        return f"{digits[:3]}-{digits[3:]}" if len(digits) > 3 else digits
    return f"A-{rng.randrange(1000, 9999)}"


def address(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{rng.randrange(1, 2000)} {rng.choice(STREETS)}"
    if style == 1:
        return f"{rng.randrange(10000, 99999)} {rng.choice(CITIES)}"
    return f"{rng.randrange(1, 300)}, {rng.choice(STREETS)}, {rng.choice(CITIES)}"


def quantity(rng: random.Random) -> str:
    n = rng.choice([rng.randrange(1, 20), rng.randrange(1, 500)])
    style = rng.randrange(4)
    if style == 0:
        return str(n)
    if style == 1:
        return f"{n} {rng.choice(UNITS)}"
    if style == 2:
        return f"{n} x {rng.choice(PRODUCTS)}"
    return f"{rng.choice(PRODUCTS)} : {n}"


def prose(rng: random.Random, max_chars: int = 48) -> str:
    words = WORDS_FR if rng.random() < 0.5 else WORDS_EN
    out: list[str] = []
    while len(" ".join(out)) < rng.randrange(8, max_chars):
        w = rng.choice(words)
        r = rng.random()
        if r < 0.05:
            w = w.capitalize()
        elif r < 0.08:
            w = rng.choice(CITIES + LAST + FIRST)
        elif r < 0.11:
            w = str(rng.randrange(1, 3000))
        out.append(w)
    text = " ".join(out)
    r = rng.random()
    if r < 0.15:
        text += rng.choice([",", ".", ";", ":", " -", "!", "?"])
    elif r < 0.2:
        text = f"({text})"
    elif r < 0.25:
        text = f'"{text}"'
    if rng.random() < 0.3:
        text = text[0].upper() + text[1:]
    return text


def url(rng: random.Random) -> str:
    word = rng.choice(WORDS_FR + WORDS_EN + LAST).lower()
    if rng.random() < 0.5:
        return f"https://{rng.choice(['fr', 'en', 'www'])}.wikipedia.org/wiki/{word.capitalize()}"
    return f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}@{word}.{rng.choice(TLDS)}"


def labelled(rng: random.Random) -> str:
    label = rng.choice(["Qté", "Qty", "Total", "Montant", "Date", "Nom", "Name", "Réf", "Ref",
                        "Tél", "Tel", "N°", "Signature", "Initiales"])
    value = rng.choice([amount, date_text, identifier, _name, quantity])(rng)
    return f"{label} : {value}" if rng.random() < 0.5 else f"{label}: {value}"


_MAKERS = [(_name, 10), (amount, 12), (date_text, 10), (identifier, 8), (address, 8),
           (quantity, 8), (lambda r: r.choice(PHRASES), 8), (prose, 30), (url, 2),
           (labelled, 6)]


def line(rng: random.Random) -> str:
    """One synthetic line of text (1 to about 50 characters)."""
    total = sum(w for _, w in _MAKERS)
    pick = rng.uniform(0, total)
    for maker, weight in _MAKERS:
        pick -= weight
        if pick <= 0:
            return maker(rng)
    return prose(rng)
