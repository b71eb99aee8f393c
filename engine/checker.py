"""Grade a typed answer against a card's key points: covered, missed or contradicted, with evidence.

Each key point is judged on its own (never a whole-answer similarity, which rewards swapped and
negated statements). The pipeline, per docs/deck-format.md "Match rules":

1. Fold the answer (NFKD, accents stripped, casefold) keeping a map back to the original
   characters; split sentences (`. ! ? ;` and line breaks, except a break that only wraps a
   long line of prose) and clauses (`, : ( )`, dashes, "but", "whereas", "while", "although",
   "however", "though", "which", "who"); tokenise (`-` and `/` split words, "doesn't" becomes
   "does not", note shorthand such as "creds", "w/o", "x-acct", "1:1", "∩", "$/hr", "12h" and
   "3+" becomes the words it stands for, misspelt negations such as "insted of" and "dosent"
   are read as meant); key every word by its Snowball stem after merging British spellings
   into American ones, number words into digits. An abbreviation's plural ("SGs") matches
   its singular, and two neighbouring words of a rule also match written as one ("rfc1918").
2. Compile the card once (`compile_card`, cached): every `match:`/`not:` alternative is expanded
   with the deck glossary and a small built-in synonym table (`SYNONYMS`: "short-lived" =
   "temporary", "privilege" = "permission"); a key point without `match:` is cut into concept
   slots from its own text (`_Compiler.slots`: content words, list items and slashed words as
   alternatives, the question's words dropped, polarity from the point's own negations) and
   is covered when one sentence fills half of them (`FALLBACK_COVER`, at least two), or two
   adjacent sentences half a slot more (`FALLBACK_PAIR_EXTRA`); on a card whose
   rule-less points open with two or more subjects named in the question, each subject acts
   as the point's `@` entity (what is said of another entity the point's text names counts
   too, and a sentence naming no entity counts for any); on other cards whose rule-less
   points open with two or more subjects, a clause opening with one point's subject that
   never names another's counts nothing for it (`CompiledCard.openings`). Abbreviations the
   card's own text defines ("Security Token Service (STS)", `defined_abbreviations`) join the
   glossary, and an answer word that spells a multi-word term of the card's text ("IGW":
   internet gateway, `card_terms`) matches that term's words.
3. Answer words match alias words by stem, or with a typo budget that grows with length (none
   for words of up to three letters, words with digits, correctly spelt words the card or a
   common-word list knows, or a different first letter).
4. A multi-word alternative matches when its words occur in order in one sentence with at most
   one other word between consecutive words.
5. When a card compares several entities (its `@` groups name two or more), every other hit is
   attributed to an entity mention: the one a relative clause hangs on ("NACLs, which are..."),
   else the nearest preceding subject-like mention in the sentence, else the following one,
   else any mention in the sentence, else the previous sentence's topic (pronouns). Mentions in
   a prepositional phrase ("collections of users") or a list continuing one are not subject-like,
   unless the phrase opens its clause with with/for/in/on ("whereas with a NAT instance you
   patch it"); a phrase opening its clause ends at its comma ("Unlike NACLs, security groups
   ..."); a list item is never the predicate of its siblings ("IAM has users, groups and roles"
   says nothing about groups), and two names of one entity side by side are no list ("groups
   collect users"). "the gateway" names the compared entity whose two-word name ends with it
   ("NAT gateway") when no other compared entity's name does. On a card about one entity the
   `@` group is implied, but a sentence whose subject is another glossary term and that never
   names the entity counts for nothing.
6. A negation (not, no, never, without, cannot, nor, neither, none, n't) up to eight words back
   in the same clause, or a contrast earlier in it ("instead of", "rather than", "prefer X
   over"), cancels a hit unless its group is `~` or a negation is part of the matched phrase
   itself or of another group's ("no rotation needed" for `rotate ; no need`). A point whose
   only evidence is negated is contradicted; so is a point whose `not:` rule matches (a negated
   `not:` hit, "NACLs are not stateful", is no misconception), a point with no evidence
   whose opposite is said of its subject ("roles are permanent" against `@role ; temporary`),
   and a point whose own text denies something ("not packet contents", "cannot edit its
   permissions": the first two content words after not/never/cannot) that the answer asserts,
   a `~` group's words the point's text negates said to be needed or had ("needs inbound
   ports", "has a route to the IGW"), and evidence limited ("only within your account")
   for a point stating a broad scope ("across AWS"). "X isn't (really) needed/supported", "X is
   optional/unnecessary/overkill" negate X, "X remembers nothing" negates "remembers", and
   what something "wins over" or "takes precedence over" is set aside. Negating what the
   point's own text negates agrees with it ("NOT the mgmt account" for "but not the
   management account").
7. Words of the question alone never cover a point: restating the question earns nothing
   (said negated in a `~` group, "can't be reached", a question word is a statement).
8. On a comparison card, a point missed for its own entity whose predicate is said of another
   compared entity, while that entity's own (uncovered) point is said of this one, is
   contradicted: the answer exchanged their properties ("NACLs sit on instances, security
   groups on subnets").

A card without key points is graded against points derived from its Markdown answer
(`derive_key_points`: list items, else content-bearing sentences), as rule-less points.

Score = weighted covered − ½ weighted contradicted, in [0, 1]; `suggest_rating` maps it to a
rating and caps any wrong answer at Hard.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import Stemmer
from rapidfuzz.distance import OSA

from engine.model import (
    Card,
    KeyPoint,
    MatchGroup,
    MatchRule,
    PointResult,
    PointStatus,
    Rating,
    Verdict,
)

Glossary = tuple[tuple[str, ...], ...]

# ---------------------------------------------------------------------------------------------
# Word lists


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _wordlist(text: str) -> list[str]:
    return text.split()


def _shorthands(text: str) -> dict[str, tuple[str, ...]]:
    # "abbr=word" entries; "_" joins the words of a multi-word expansion.
    pairs = (entry.split("=", 1) for entry in text.split())
    return {w: tuple(expansion.split("_")) for w, expansion in pairs}


def _phraseset(text: str) -> frozenset[str]:
    return frozenset(" ".join(p.split()) for p in text.split("|"))


NEGATORS = _wordset(
    "not no never without cannot nor neither none nothing nobody nowhere lack lacks lacking unlike"
)
NEGATION, CONTRAST = 1, 2
# How many words a negation reaches forward within its clause. Predicates run longer than three
# words ("can never reference a security group across a peering connection", "can't be reached
# from on-premises"); clause breaks and "and"/"or" + a new verb end the reach sooner.
NEGATION_REACH = 8
# Two-word negators: the second word carries the negation for the words after it.
_NEGATOR_PAIRS = {("instead", "of"), ("rather", "than"), ("opposed", "to")}
_PREFER = _wordset("prefer prefers preferred preferring favor favors favour favours choose chooses")
_BETTER = _wordset("better safer preferable superior")
_WINS = _wordset("win wins won winning precedence priority")
_NOT_NEGATING_AFTER = frozenset({"only", "just", "matter"})
_VERB_NEGATORS = _wordset("not never cannot")
# Words that make what follows an exception, which an answer may say instead of "not" ("the one
# exception is the management account").
_EXCEPTION = _wordset("except exception exceptions excluding exempt apart other besides")
# Verbs that carry a negation without being what it denies ("no OIDC provider needed").
_AUXILIARY = _wordset("need needs needed required require requires necessary have has had")

_CLAUSE_WORDS = _wordset("but whereas while although however though which who")
_RELATIVE = _wordset("which who that")

PREPOSITIONS = _wordset(
    """of to for with by from in into on onto at about via than between among across through
    like unlike within inside under over per versus vs including except towards toward behind
    against"""
)
# Words that may sit between a preposition and its entity ("of the IAM users").
_MODIFIERS = _wordset(
    """the a an its their his her our your my this that these those all each every some any
    other another multiple several many both two iam aws individual specific different separate
    existing new same one"""
)
# Words that may sit between the items of a list of entities ("users, groups and roles").
_LIST_GLUE = _wordset("and or nor the a an also both either plus as well then")
_COORDINATORS = _wordset("and or nor plus")
# An "and"/"or" followed by one of these starts a new predicate, which ends a negation's reach.
_NEW_PREDICATE = _wordset(
    "is are was were be been do does did can could will would should has have had they it"
)

_ABBREVIATIONS = _wordset("eg ie etc vs approx incl cf esp resp")

STOPWORDS = _wordset(
    """a an the and or but if then else than so as of to in on at by for with from into onto
    over under about via per is are was were be been being am do does did doing done has have
    had having can could will would shall should may might must it its it's this that these
    those there their they them he she his her we our you your i me my mine which who whom whose
    what when where why how all any both each few more most other some such only own same too
    very just also not no nor each every one ones use used using uses"""
)

_NON_ANSWERS = _phraseset(
    """idk | i dont know | dont know | i do not know | do not know | no idea |
    i have no idea | not sure | im not sure | i am not sure | no clue | i have no clue | dunno |
    pass | skip | i forgot | forgot | i dont remember | dont remember | i cant remember |
    cant remember | i do not remember | nothing | none | na | n a | no answer | i give up |
    give up | unsure | no | sorry i dont know | i dont know sorry | not a clue | clueless |
    no idea sorry | sorry no idea | huh | what"""
)

# Common English words of four and five letters: such a word in an answer is taken as meant,
# never as a typo of an alias ("used" is not "user", "rule" is not "role"). Longer words get the
# same protection from the card's own text.
COMMON_WORDS = _wordset("""
    able about above act acts add adds after again age ago agree ahead aim air alert alike alive
    all allow alone along also alter among and any apart apply area areas argue arise arm army
    art ask asks away back bad bag ball band bank bar base based basic basis batch bear beat
    been before begin being below best better big bill bind bit bits black blank block blow
    blue board boat body bond bone book boot born both bound box boxes brain brand break bring
    broad broke build built bulk burn busy buy cable call calls came camp can card care carry
    case cases cash catch cause cell chain chair chart cheap check chief child chip choice
    city claim class clean clear click climb clock close cloud club coast code cold come comes
    cool copy core corner cost costs could count court cover craft crash cross crowd cycle
    daily dark data date day days dead deal dear death debt deep delay deny desk die dirty disk
    does doing done door dose down draft draw dream dress drink drive drop dry due during duty
    each early earn earth ease east easy edge else empty end ends enemy enjoy enter entry equal
    error even event ever every exact exist exit extra face fact facts fail fails fair faith
    fall false fame far farm fast fat fault fear feed feel fees feet fell felt few field fight
    file files fill final find fine fire firm first fish fit five fix fixed flag flat flaw
    fleet flow flows fly focus fold folk food foot force form forms forth found four frame free
    fresh from front fruit full fully fund funds gain game gap gate gave gear get gets give
    given gives glad glass goal goes going gold gone good got grade grant great green grew
    gross group grow grown guard guess guest guide half hall hand hands handy hang happy hard
    harm has hash hate have head heap hear heard heart heat heavy held hello help here hide
    high hint hire hit hold holds hole home hook hope horse host hot hour hours house how huge
    idea ideas image inner input into issue item items its job join joint judge jump just keep
    keeps kept key keys kick kill kind king knew know known land large last late later layer
    lead leads learn least leave left legal less let level lie life lift light like limit line
    lines link links list live lived lives load loads local lock log login logs long look loop
    loose lose loss lost lot loud love low lower lucky made main major make makes man many map
    mark match may mean means meant meet meets mind mine minor miss mix mode model modes money
    month more most mount mouse move moved moves much must name named names near need needs
    never new news next nice night node nodes none noon nor north note noted notes now null
    number occur odd off offer often old once one ones only open opens order other ought our
    out outer over own owner pace pack page pages paid pain pair panel paper parse part parts
    party pass past patch path pause pay peak peer per pick piece pipe place plain plan plane
    plans plant play plus point poll pool poor port ports post power press price print prior
    proof proud prove pull pulls push pushes put query queue quick quiet quit quite quota race
    radio raise ran range rank rare rate rates raw reach read reads ready real rear reason
    red reply rest rich ride right ring rise risk road rock role roles roll room root rough
    round route row rule rules run runs safe said sale same save saved saves scale scan scope
    score seat second see seed seek seem seems seen self sell send sends sense sent serve set
    sets setup seven shape share sharp sheet shell shift ship shop short shot should show shown
    shows shut side sign signs simple since single site sites six size sizes skill sleep slow
    small smart solid solve some sort sound south space spare speak speed spend spent split
    spot stack staff stage stake stand start state stay steal step steps stick still stock
    stop store story strip study style such suit sure sync table tag tags tail take taken takes
    talk task tasks team tell tend term terms test tests text than that the them then there
    these they thick thin thing think third this those three throw tied tier time times tiny
    title today token told too took tool tools top topic total touch tough tour track trade
    trail train treat tree trees trial trick tried tries true trust truth try turn twice two
    type types under union unit units until upon upper usage use used user users uses using
    usual valid value vary very view views visit voice vote wait wake walk wall want wants
    warm warn was wash watch water wave way ways weak wear week weeks weigh well went were west
    what wheel when where which while white who whole whose why wide will win wind window wise
    wish with within word words work works world worry worse worst worth would write wrong
    wrote yard year years yes yet you young your zero zone zones
    acl acls api apis app apps arn arns auth aws az azs cdn cli cpu cpus dns ebs ec2 ecs efs eks
    elb http https iam ids ip ips json jwt kms lambda nat os ram rds s3 sdk sns sqs ssd ssh
    sso ssl sts tcp tls udp url urls vm vms vpc vpn yaml
    """)

_BRITISH_ENDINGS = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yse", "yze"),
    ("ours", "ors"),
    ("our", "or"),
    ("ogue", "og"),
    ("ogues", "ogs"),
)
_BRITISH_WORDS = {
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "metres": "meters",
    "litre": "liter",
    "fibre": "fiber",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "offence": "offense",
    "programme": "program",
    "programmes": "programs",
    "grey": "gray",
}

_APOSTROPHE_LESS_NEGATIONS = {
    "dont": "do",
    "doesnt": "does",
    "didnt": "did",
    "isnt": "is",
    "arent": "are",
    "wasnt": "was",
    "werent": "were",
    "cant": "can",
    "wont": "will",
    "hasnt": "has",
    "havent": "have",
    "hadnt": "had",
    "shouldnt": "should",
    "couldnt": "could",
    "wouldnt": "would",
    "mustnt": "must",
    "neednt": "need",
    "aint": "is",
    # Misspelt as fast typists do.
    "dosent": "does",
    "dosnt": "does",
    "doesent": "does",
    "isint": "is",
    "cnat": "can",
}
# Misspelt words that carry negation or contrast, which the typo budget (for card words only)
# never reaches: "insted of a CIDR" is still "instead of".
_MISSPELT_FUNCTION_WORDS = {
    "insted": "instead",
    "instaed": "instead",
    "instad": "instead",
    "nto": "not",
    "nver": "never",
    "witout": "without",
    "withotu": "without",
    "wihtout": "without",
    "whithout": "without",
    "becuase": "because",
    "beacuse": "because",
    "becasue": "because",
}
_CONTRACTED_BASES = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

# Shorthand people type in terse answers and notes, expanded on both sides (answer and match
# rules) so "temp creds", "perms" or "w/o" read as the words a match rule is written with. Only
# abbreviations with one dominant meaning in technical writing are listed.
_SHORTHANDS = _shorthands(
    """acct=account accts=accounts svc=service svcs=services creds=credentials
        cred=credential perms=permissions perm=permission temp=temporary mgmt=management
        cond=condition conds=conditions env=environment envs=environments config=configuration
        cfg=configuration prod=production repo=repository repos=repositories pwd=password
        pw=password msg=message msgs=messages req=request reqs=requests db=database
        dbs=databases info=information authn=authentication authz=authorization inst=instance
        insts=instances bw=bandwidth src=source dst=destination dest=destination fwd=forward
        addr=address addrs=addresses cert=certificate certs=certificates k8s=kubernetes
        min=minimum mins=minutes hr=hours hrs=hours h=hours approx=approximately
        ha=high_availability dc=data_center dcs=data_centers max=maximum num=number
        nums=numbers org=organization orgs=organizations btw=between diff=difference w=with
        wo=without bc=because"""
)

# Words and phrases people use interchangeably in technical answers, expanded like a deck
# glossary class on every match rule, so an answer saying either side matches a rule written with
# the other (only rules are expanded: answers are matched against every variant). Only words
# that mean the same in essentially every technical context are listed: "long-lived" is not
# "permanent" or "static" (a static IP is not a credential), "access" is not "permission" (access
# keys), "grant" is not "give" or "allow" (a policy effect), "block" is not "deny" (a CIDR
# block), "client" is not "customer" (client and server), "host", "make", "call", "stop", "log"
# and "record" have other senses. Each class was kept only if it cost no precision on the
# labelled sets, including a copy of the deck cut to two aliases a group (a terser author).
SYNONYMS = """
    temporary | short-lived | short-term | time-limited
    long-lived | long-term
    data center | datacenter
    expire | expiry | expiration | lapse
    permission | privilege | rights
    deny | refuse
    attach | assign | associate
    cheap | inexpensive | low-cost | low cost
    fast | quick
    inbound | incoming | ingress
    outbound | outgoing | egress
    sign in | log in | login | sign on | logon | signin
    necessary | required | mandatory
    multiple | several
    app | application
    on-premises | on-prem | on premises | on-premise
    tag | label
    maximum | ceiling | upper limit | upper bound
    copy | replica | duplicate
    spread | distribute
    revoke | invalidate
    employee | staff | workforce
    change | modify | edit | update
"""
_SYNONYM_CLASSES: tuple[tuple[str, ...], ...] = tuple(
    tuple(t.strip() for t in line.split("|")) for line in SYNONYMS.strip().splitlines()
)

# ---------------------------------------------------------------------------------------------
# Text analysis

_STEMMER = Stemmer.Stemmer("english")
_SCAN = re.compile(
    # "w/", "w/o", "b/c", "&" and "+" are words in notes; "3+" means "3 or more"; "x-acct" is
    # "cross-account", "1:1" one to one, "∩" an intersection, "$/hr" a cost per hour.
    r"(?P<a>(?<![a-z0-9])(?:w/o|b/c|w/)(?![a-z0-9/])|(?<![a-z0-9])x-(?=[a-z])|&|(?<=[0-9])\+|\+(?=\s)"
    r"|(?<![0-9:])1:1(?![0-9:])|[\u2229\u222a]|[$\u20ac\u00a3](?:/(?=[a-z]))?)"
    r"|(?P<w>(?<![a-z0-9])non-[a-z]+|[a-z0-9]+(?:'[a-z]+)?)"
    r"|(?P<s>[!?;\n]|\.(?=[\s)\]\"']|$))"
    r"|(?P<c>[,:()\[\]\u2013\u2014]|(?<=\s)-+(?=\s))"
)
_WORDS = re.compile(r"[a-z0-9]+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return `text` folded for matching and, unless it is ASCII, each folded char's origin."""
    if text.isascii():
        return text.lower().replace("`", "'"), None
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        piece = _fold_char(ch)
        out.append(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


_VOWELS = frozenset("aeio")


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Return the matching key of one folded word: its Snowball stem, spelling variants merged."""
    if len(word) >= 3 and word[-1] == "s" and word[-2] != "s" and not _VOWELS & set(word[:-1]):
        # Plural acronyms the stemmer leaves alone: "SGs", "VPCs", "CPUs", "S3s".
        word = word[:-1]
    if not word.isalpha():
        return word
    if word in _NUMBER_WORDS:
        # "one route table" = "1 RT": numbers match however they are written.
        return _NUMBER_WORDS[word]
    word = _BRITISH_WORDS.get(word, word)
    if len(word) >= 6:
        for old, new in _BRITISH_ENDINGS:
            if word.endswith(old):
                word = word[: -len(old)] + new
                break
    if len(word) >= 7 and word.endswith("ily"):
        word = word[:-3] + "y"
    return _STEMMER.stemWord(word)


@dataclass(slots=True)
class _Text:
    """A folded text cut into words, with sentence and clause numbers and original offsets."""

    words: list[str]
    keys: list[str]
    starts: list[int]
    ends: list[int]
    sent: list[int]
    clause: list[int]
    # "" when only spaces or commas separate a word from the previous one, else "|".
    sep: list[str]
    # 0, NEGATION or CONTRAST per word.
    negator: list[int]
    negated: list[bool]
    # Index of the negator behind each negated word, else -1.
    negated_by: list[int]


def _split_word(w: str, s: int, e: int) -> list[tuple[str, int, int]]:
    if w.startswith("non-"):
        # "non-transitive" is one word, the opposite of "transitive", not "non" + "transitive".
        return [("non" + w[4:], s, e)]
    if "'" in w:
        base, suffix = w.split("'", 1)
        if suffix == "t" and base.endswith("n"):
            stem = _CONTRACTED_BASES.get(base[:-1], base[:-1])
            cut = s + len(base) - 1
            return ([(stem, s, cut)] if stem else []) + [("not", cut, e)]
        return [(base, s, s + len(base))] if base else []
    if w in _APOSTROPHE_LESS_NEGATIONS:
        return [(_APOSTROPHE_LESS_NEGATIONS[w], s, e), ("not", s, e)]
    if w[0].isdigit():
        unit = _NUMBER_UNIT.fullmatch(w)
        if unit is not None:
            cut = s + len(unit[1])
            return [(unit[1], s, cut), (_UNITS[unit[2]], cut, e)]
    expansion = _SHORTHANDS.get(w)
    if expansion is not None:
        return [(x, s, e) for x in expansion]
    return [(_MISSPELT_FUNCTION_WORDS.get(w, w), s, e)]


_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        _wordlist("zero one two three four five six seven eight nine ten eleven twelve")
    )
}
_SYMBOLS = {
    "w/o": ("without",),
    "b/c": ("because",),
    "w/": ("with",),
    "&": ("and",),
    "x-": ("cross",),
    "1:1": ("1", "to", "1"),
    "\u2229": ("intersection",),
    "\u222a": ("union",),
}
# A number with a unit glued on ("12h", "90d", "30s"); "m" is left alone (minutes, months,
# millions).
_NUMBER_UNIT = re.compile(r"([0-9]+)(h|hr|hrs|d|s|sec|secs|ms|min|mins)")
_UNITS = {
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "d": "days",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "ms": "milliseconds",
    "min": "minutes",
    "mins": "minutes",
}


def _symbol_words(m: re.Match[str]) -> list[tuple[str, int, int]]:
    g, s, e = m.group(), m.start(), m.end()
    if g == "+":
        if s > 0 and m.string[s - 1].isdigit():
            return [("or", s, e), ("more", s, e)]
        return [("and", s, e)]
    if g[0] in "$\u20ac\u00a3":
        return [("cost", s, e)] + ([("per", s, e)] if g.endswith("/") else [])
    return [(w, s, e) for w in _SYMBOLS[g]]


def analyse(text: str) -> _Text:
    """Cut `text` into keyed words with sentence/clause structure and negation flags."""
    folded, where = fold(text)
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sent: list[int] = []
    clause: list[int] = []
    sep: list[str] = []
    s_no = c_no = 0
    pending = ""
    for m in _SCAN.finditer(folded):
        kind = m.lastgroup
        if kind == "s":
            if m.group() == "." and words and _is_abbreviation(words[-1], starts[-1], folded):
                continue
            if m.group() == "\n" and _wrapped(
                text, m.start() if where is None else where[m.start()]
            ):
                continue
            s_no += 1
            c_no += 1
            pending = "|"
            continue
        if kind == "c":
            c_no += 1
            if m.group() != ",":
                pending = "|"
            continue
        if kind == "a":
            pieces = _symbol_words(m)
        elif m.group() == "min" and words and words[-1].isdigit():
            # "15 min" is minutes; "min perms" is the minimum.
            pieces = [("minutes", m.start(), m.end())]
        else:
            pieces = _split_word(m.group(), m.start(), m.end())
        for w, s, e in pieces:
            if w in _CLAUSE_WORDS:
                c_no += 1
                pending = "|"
            words.append(w)
            starts.append(s)
            ends.append(e)
            sent.append(s_no)
            clause.append(c_no)
            sep.append(pending)
            pending = ""
    if where is not None:
        starts = [where[s] for s in starts]
        ends = [where[e - 1] + 1 for e in ends]
    keys = [word_key(w) for w in words]
    negator = _negators(words)
    negated_by = _negated(words, clause, negator)
    negated = [j >= 0 for j in negated_by]
    return _Text(words, keys, starts, ends, sent, clause, sep, negator, negated, negated_by)


def _wrapped(text: str, at: int) -> bool:
    """Tell whether the line break at `at` only wraps a long line of running prose."""
    line = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
    rest = text[at + 1 :].lstrip()
    if len(line) < 50 or line[-1] in ".!?;:" or not rest[:1].islower():
        return False
    # Wrapped prose has every line but the last of its paragraph long; notes written one item
    # a line ("no IAM users/keys" then "joiners/leavers once in the IdP") mix in short ones.
    block_start = text.rfind("\n\n", 0, at)
    block_end = text.find("\n\n", at)
    block = text[block_start + 1 : block_end if block_end >= 0 else len(text)].strip("\n")
    lines = block.split("\n")
    return all(len(x.rstrip()) >= 50 for x in lines[:-1])


def _is_abbreviation(word: str, start: int, folded: str) -> bool:
    if word in _ABBREVIATIONS:
        return True
    # "e.g." and "i.e.": a single letter right after another dot.
    return len(word) == 1 and start > 0 and folded[start - 1] == "."


def _negators(words: list[str]) -> list[int]:
    """Mark each word: 0 plain, NEGATION ("not"), or CONTRAST ("instead of", "prefer X over")."""
    out = []
    for i, w in enumerate(words):
        kind = 0
        if w in NEGATORS:
            kind = NEGATION
        if (
            (i > 0 and (words[i - 1], w) in _NEGATOR_PAIRS)
            # "prefer roles over access keys", "safer than access keys": the thing after
            # "over"/"than" is what the sentence argues against.
            or (w == "over" and any(x in _PREFER for x in words[max(0, i - 4) : i]))
            or (w == "than" and i > 0 and words[i - 1] in _BETTER)
            # "the broadest route wins over more specific ones": what loses follows "over".
            or (w == "over" and i > 0 and words[i - 1] in _WINS)
        ):
            kind = CONTRAST
        if kind and i + 1 < len(words) and words[i + 1] in _NOT_NEGATING_AFTER:
            kind = 0
        out.append(kind)
    return out


def _negated(words: list[str], clause: list[int], negator: list[int]) -> list[int]:
    """Find the negation (up to three words back) or contrast behind each word of a clause."""
    out = [-1] * len(words)
    negation = contrast = -1
    for i in range(len(words)):
        if i and (clause[i] != clause[i - 1] or (i >= 2 and _new_predicate(words, i - 1))):
            negation = contrast = -1
        if negation >= 0 and i - negation <= NEGATION_REACH:
            out[i] = negation
        elif contrast >= 0:
            out[i] = contrast
        if negator[i] == NEGATION:
            negation = i
        elif negator[i] == CONTRAST:
            contrast = i
    _postposed(words, clause, out)
    return out


# "MFA isn't supported", "keys are not needed": a negated predicate that only says its subject
# is not there denies the subject, which sits before the negation.
_BE = _wordset("is are was were be been")
_ABSENT = _wordset(
    """supported needed required necessary allowed possible available permitted involved
    applicable recommended"""
)
_POSTPOSED_REACH = 4
# Adverbs that may sit between the negation and the predicate ("isn't really needed").
_HEDGES = _wordset("really actually strictly always necessarily technically usually even")
# Predicates that dismiss their subject without a "not" ("enforcing v2 is optional").
_DISMISSED = _wordset("optional unnecessary unneeded pointless overkill")


def _postposed(words: list[str], clause: list[int], out: list[int]) -> None:
    """Negate the subject of "X is not needed/supported/required" (a few words back)."""
    for i in range(1, len(words)):
        # "The ACL remembers nothing": the verb before "nothing" is denied.
        if (
            words[i] == "nothing"
            and clause[i - 1] == clause[i]
            and out[i - 1] < 0
            and words[i - 1] not in STOPWORDS
        ):
            out[i - 1] = i
    for i in range(2, len(words)):
        if words[i - 1] not in _BE:
            continue
        if words[i] in ("not", "never") and i + 1 < len(words):
            k = i + 1
            if words[k] in _HEDGES and k + 1 < len(words):
                k += 1
            if words[k] not in _ABSENT or clause[k] != clause[i]:
                continue
        elif words[i] not in _DISMISSED:
            continue
        j = i - 2
        while j >= 0 and i - 1 - j <= _POSTPOSED_REACH and clause[j] == clause[i]:
            if words[j] in _COORDINATORS or words[j] in _RELATIVE:
                break
            if out[j] < 0:
                out[j] = i
            j -= 1


def _new_predicate(words: list[str], i: int) -> bool:
    # "... not permanent and are temporary": "and" + a verb starts a new predicate, which
    # ends the reach of a negation or contrast before it (for the words after the verb).
    return words[i - 1] in ("and", "or") and words[i] in _NEW_PREDICATE


def is_non_answer(answer: str) -> bool:
    """Tell whether `answer` is empty or only says "I don't know" in some form."""
    folded, _ = fold(answer)
    words = _WORDS.findall(folded.replace("'", ""))
    return not words or " ".join(words) in _NON_ANSWERS


# ---------------------------------------------------------------------------------------------
# Compiled cards


@dataclass(frozen=True, slots=True)
class Phrase:
    """One way of saying a concept: word keys in order, and where it came from."""

    keys: tuple[str, ...]
    # Written by the deck author (not only produced by the glossary).
    explicit: bool = True
    # Contains a negation itself ("not permanent"), so a negation before it is not looked for.
    negative: bool = False
    # Every word already appears in the question.
    weak: bool = False
    # The point's own text negates every word ("but not the management account"): an answer
    # negating it too ("NOT the mgmt account") agrees with the point.
    denied: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """A compiled concept group: any phrase satisfies it."""

    phrases: tuple[Phrase, ...]
    negatable: bool = False
    # For a `~` group: the word keys its point's text negates ("needs no inbound ports").
    absent: frozenset[str] = frozenset()
    # Verbs that assert what the point negates ("needs", and "has"/"with" for "has no X").
    absent_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled match or not rule: the anchor entity (if any) and the other groups."""

    groups: tuple[Group, ...]
    anchor: int | None = None


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    """A key point ready to check: its rules, or its content words when it has no `match:`."""

    index: int
    text: str
    weight: float
    core: bool
    match: Rule | None
    not_rules: tuple[Rule, ...]
    fallback: tuple[str, ...] = ()
    fallback_need: int = 0
    # The match rule with one group swapped for its opposites ("temporary" -> "permanent"):
    # said of the point's subject with no evidence for the point, it contradicts it.
    opposites: tuple[Rule, ...] = ()
    # Properties the key point's own text states, each with a rule for its opposite said of the
    # point's subject ("stateful" -> "stateless", "in one Region" -> "multiple Regions"). The
    # opposite contradicts the point even when other words of the answer cover it.
    stated: tuple[tuple[Rule, Rule], ...] = ()
    # What the key point's text denies ("not packet contents", "cannot edit its permissions"),
    # said of the point's subject: stated without a negation, it contradicts the point.
    denied: tuple[Rule, ...] = ()
    # A key point without `match:`: concept slots derived from its own text (see `Slot`), the
    # anchor entity its subject names on a comparison card, and the slot weight one sentence
    # (or two adjacent ones) must cover.
    slots: tuple[Slot, ...] = ()
    slot_anchor: int | None = None
    slot_need: float = 0.0
    # The point's text states a broad scope ("across AWS", "any account") and no "only".
    broad: bool = False
    # Other compared entities a rule-less point's own text names ("A Region has several AZs
    # linked by low-latency links"): what the answer says of them counts for the point too.
    slot_objects: frozenset[int] = frozenset()
    # On a card about one thing: the number of the subject the point's text opens with
    # (`CompiledCard.openings`), else -1.
    opening: int = -1


@dataclass(frozen=True, slots=True)
class Slot:
    """One concept of a key point without rules: any phrase fills it (derived from its text)."""

    group: Group
    weight: float = 1.0
    # The point's text negates it ("no NAT for IPv6"): an answer may say it either way.
    free: bool = False
    # The list this slot is an item of (-1 for none): a list counts as at most
    # FALLBACK_LIST_CAP slots, filled by as many of its items.
    part: int = -1
    # The point's text denies it with a verb ("cannot deny", "grants nothing"): only a
    # negated mention fills it, and an asserted one contradicts.
    inverted: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class CompiledCard:
    """Everything the checker needs about one card, computed once."""

    card_id: str
    points: tuple[CompiledPoint, ...]
    # Entity phrases with the anchor ids each one names.
    entities: tuple[tuple[Phrase, frozenset[int]], ...]
    # True when the card compares two or more entities, so hits must be attributed.
    attribute: bool
    keys: frozenset[str]
    question_keys: frozenset[str]
    known_words: frozenset[str]
    # Alias word forms by first letter, each with the key it stands for: typo targets.
    typo_index: dict[str, tuple[tuple[str, str], ...]]
    # Glossary terms naming other things than this card's subject (single-entity cards only).
    foreign: tuple[tuple[str, ...], ...] = ()
    # On a comparison card, the entity each anchor id names (anchor groups sharing a phrase,
    # "NACL | network ACL" and "NACL", name the same one).
    entity_of: tuple[int, ...] = ()
    # The points were derived from the model answer (the card has no key points): grading is
    # approximate, and the learner should be told so.
    derived: bool = False
    # Each multi-word term of the card's text with the stand-in key its phrases carry: an
    # answer word spelling the term ("IGW") matches it (`card_terms`).
    initialisms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The subjects rule-less points open with, each as its phrases: a clause of the answer
    # opening with one of them is about it, not about another point's subject.
    openings: tuple[tuple[tuple[str, ...], ...], ...] = ()
    _typos: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _initials: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def typo_keys(self, word: str) -> frozenset[str]:
        """Return the card keys that `word` is a tolerable misspelling of."""
        found = self._typos.get(word)
        if found is None:
            found = self._find_typos(word)
            if len(self._typos) > 20000:
                self._typos.clear()
            self._typos[word] = found
        return found

    def initialism_keys(self, word: str) -> frozenset[str]:
        """Return the stand-in keys of the card's terms `word` spells ("sgs": security group)."""
        if not self.initialisms or not _initialism_candidate(word):
            return frozenset()
        found = self._initials.get(word)
        if found is None:
            letters = [word]
            if word.endswith("s") and len(word) > 2:
                letters.append(word[:-1])  # "NACLs", "SGs"
            found = frozenset(
                key
                for key, words in self.initialisms
                if any(_spells(a, list(words)) for a in letters)
            )
            if len(self._initials) > 20000:
                self._initials.clear()
            self._initials[word] = found
        return found

    def _find_typos(self, word: str) -> frozenset[str]:
        budget = typo_budget(word, self.known_words)
        if not budget:
            return frozenset()
        # A typo keeps the first letter or swaps the first two (see _same_start), so only
        # alias words starting with one of the word's first two letters can match.
        candidates = self.typo_index.get(word[0], ()) + tuple(
            (s, k) for s, k in self.typo_index.get(word[1], ()) if s[1] == word[0]
        )
        found = set()
        for surface, key in candidates:
            allowed = min(budget, typo_budget_for(min(len(word), len(surface))))
            if abs(len(word) - len(surface)) > allowed:
                continue
            if OSA.distance(word, surface, score_cutoff=allowed) <= allowed:
                found.add(key)
        return frozenset(found)


def typo_budget_for(length: int) -> int:
    """Return how many edits (OSA) a word of `length` letters may carry."""
    if length <= 3:
        return 0
    if length <= 8:
        return 1
    return 2


def typo_budget(word: str, known: frozenset[str] = frozenset()) -> int:
    """Return the edit budget of an answer word: 0 for numbers, short words and known words."""
    if len(word) <= 3 or not word.isalpha() or word in known:
        return 0
    if len(word) <= 6 and (word in COMMON_WORDS or _plural_of_common(word)):
        return 0
    return typo_budget_for(len(word))


def _plural_of_common(word: str) -> bool:
    # "lots" is the plural of "lot", not a misspelt "logs".
    if word.endswith("es") and word[:-2] in COMMON_WORDS:
        return True
    return word.endswith("s") and word[:-1] in COMMON_WORDS


def _same_start(a: str, b: str) -> bool:
    # People rarely misspell the first letter; a differing one is usually another word
    # ("encryption"/"decryption", "unencrypted"/"encrypted", "async"/"sync").
    return a[0] == b[0] or (len(a) > 1 and len(b) > 1 and a[0] == b[1] and a[1] == b[0])


@lru_cache(maxsize=8192)
def _phrase(text: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """Return a short text's words, keys, and whether it contains a negation (cached)."""
    t = analyse(text)
    return tuple(t.words), tuple(t.keys), any(t.negator)


def _phrase_words(text: str) -> tuple[str, ...]:
    return _phrase(text)[0]


def _keys_of(text: str) -> tuple[str, ...]:
    return _phrase(text)[1]


# A glossary compiled for substitution: each term's first key -> (term, its whole class).
_GlossaryIndex = dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]


@lru_cache(maxsize=64)
def _glossary_index(glossary: Glossary) -> _GlossaryIndex:
    index: _GlossaryIndex = {}
    for terms in glossary:
        keyed = tuple(k for k in dict.fromkeys(_keys_of(t) for t in terms) if k)
        if len(keyed) > 1:
            for term in keyed:
                index.setdefault(term[0], []).append((term, keyed))
    return index


def _expand(keys: tuple[str, ...], index: _GlossaryIndex) -> list[tuple[str, ...]]:
    """Return `keys` and its variants with glossary terms swapped for their equivalents."""
    seen = {keys: None}
    frontier = [keys]
    while frontier and len(seen) < 48:
        current = frontier.pop()
        for i, first in enumerate(current):
            for term, terms in index.get(first, ()):
                n = len(term)
                if current[i : i + n] != term:
                    continue
                for other in terms:
                    if other == term:
                        continue
                    variant = current[:i] + other + current[i + n :]
                    if variant not in seen:
                        seen[variant] = None
                        frontier.append(variant)
    return list(seen)


def _joined(words: tuple[str, ...], keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Return `keys` with each pair of neighbouring words written as one ("rfc1918", "onprem")."""
    if len(words) != len(keys):
        return []
    out = []
    for i in range(len(words) - 1):
        one = words[i] + words[i + 1]
        if len(one) >= 5 and one.isalnum():
            out.append(keys[:i] + (word_key(one),) + keys[i + 2 :])
    return out


def _negated_keys(text: str) -> frozenset[str]:
    """Return the keys of the content words a key point's own text negates."""
    t = analyse(text)
    return frozenset(
        k
        for k, w, by in zip(t.keys, t.words, t.negated_by, strict=True)
        if by >= 0 and t.negator[by] == NEGATION and w not in STOPWORDS
    )


# "Security Token Service (STS)", "STS (Security Token Service)", "network ACL (NACL)": an
# abbreviation the card defines for itself, next to the words its letters start.
_DEFINED = re.compile(
    r"\(\s*([A-Za-z][A-Za-z0-9]{1,7})\s*\)"
    r"|\b([A-Z][A-Za-z0-9]{1,7})\s*\(\s*([A-Za-z][\w-]*(?:\s+[\w-]+){1,6})\s*\)"
)
_ABBREVIATION_GLUE = _wordset("of and for the to in on a an as with")


def _spells(abbr: str, words: list[str]) -> bool:
    """Tell whether `abbr` is made of the starts of `words` in order ("igw": internet gateway).

    Each word gives its first letter and may give more of its letters in order ("IGW",
    "NACL" from "network ACL"); small words ("of", "and") may give nothing.
    """

    @cache
    def fit(a: int, w: int) -> bool:
        if w == len(words):
            return a == len(abbr)
        word = words[w]
        if word in _ABBREVIATION_GLUE and fit(a, w + 1):
            return True
        if a == len(abbr) or abbr[a] != word[0]:
            return False
        # The word gives abbr[a] and then any in-order run of its other letters.
        at = 0
        for b in range(a + 1, len(abbr) + 1):
            if fit(b, w + 1):
                return True
            if b == len(abbr):
                break
            at = word.find(abbr[b], at + 1)
            if at < 0:
                break
        return False

    return fit(0, 0)


def defined_abbreviations(card: Card) -> Glossary:
    """Return the abbreviations the card's own text defines, each with its long form."""
    text = " ".join(
        [card.question, card.answer, card.explanation, *(kp.text for kp in card.key_points)]
    )
    found: dict[tuple[str, str], None] = {}
    for m in _DEFINED.finditer(text):
        if m.group(1) is not None:
            abbr = m.group(1)
            before = re.findall(r"[A-Za-z][\w-]*", text[max(0, m.start() - 100) : m.start()])
            candidates = [before[-n:] for n in range(1, min(len(before), 7) + 1)]
        else:
            abbr, candidates = m.group(2), [m.group(3).split()]
        if not any(c.isupper() for c in abbr[1:]) and not abbr.isupper():
            continue  # "(optional)", "(roles)": a word, not an abbreviation.
        letters = abbr.lower()
        plural = abbr.endswith("s") and abbr[:-1].isupper()
        for stem in (letters[:-1], letters) if plural else (letters,):
            if not stem or len(stem) < 2:
                continue
            words = None
            for cand in candidates:
                lowered = [w.lower() for w in cand]
                if len(lowered) > 1 and _spells(stem, lowered):
                    words = cand
                    break
            if words is not None:
                found[(stem, " ".join(words))] = None
                break
    return tuple((abbr, long) for abbr, long in found)


# A term the card names in two to four words ("internet gateway", "Network ACL"): an answer
# word whose letters spell it ("IGW", "NACLs") stands for it (see `card_terms`).
_TERM_WORDS = (2, 4)
_INITIALISM_LENGTH = (2, 5)


def _term_word(w: str) -> bool:
    return (
        len(w) > 1
        and w[0].isalpha()
        and w.isalnum()
        and w not in _SLOT_STOP
        and w not in _CLAUSE_WORDS
    )


@lru_cache(maxsize=4096)
def card_terms(card: Card) -> tuple[tuple[str, ...], ...]:
    """Return the multi-word terms the card's own text names, as folded words.

    A term is a run of two to four content words in one clause that is written in capitals
    ("Network Access Control List", "NAT gateway", "network ACL"), or that the card says at
    least twice followed by different words ("security groups are ... security groups
    filter"; a key point restating a sentence of the answer repeats no term): the noun
    phrases an answer may abbreviate.
    """
    followers: dict[tuple[str, ...], set[str]] = {}
    words_of: dict[tuple[str, ...], tuple[str, ...]] = {}
    named: set[tuple[str, ...]] = set()
    low, high = _TERM_WORDS
    texts = (card.question, card.answer, *(kp.text for kp in card.key_points))
    for text in texts:
        for run, after in _term_runs(text):
            run_keys = [word_key(w) for w, _ in run]
            for i in range(len(run)):
                for end in range(i + low, min(len(run), i + high) + 1):
                    part = run[i:end]
                    keys = tuple(run_keys[i:end])
                    nxt = run[end][0] if end < len(run) else after
                    followers.setdefault(keys, set()).add(nxt)
                    words_of.setdefault(keys, tuple(w for w, _ in part))
                    if _capitalised(part):
                        named.add(keys)
    return tuple(words_of[k] for k, f in followers.items() if len(f) >= 2 or k in named)


# Words, sentence ends, and any other mark (which ends a run of term words; a hyphen does not).
_TERM_TOKEN = re.compile(r"([A-Za-z0-9]+)|([.!?\n])|([^\sA-Za-z0-9-])")
# How a term word is written: "Title", "UPPER", "lower", or a sentence's first word "First".
_TITLE, _UPPER, _LOWER, _FIRST = "T", "U", "L", "F"


def _term_runs(text: str) -> list[tuple[list[tuple[str, str]], str]]:
    """Cut a text into runs of adjacent content words, each with how it is written.

    Each run comes with the word or mark that follows it ("" at the end of the text).
    """
    runs: list[tuple[list[tuple[str, str]], str]] = []
    run: list[tuple[str, str]] = []
    opening = True
    for m in _TERM_TOKEN.finditer(text):
        word = m.group(1)
        lower = (word or m.group()).lower()
        if word is None or not _term_word(lower):
            if run:
                runs.append((run, lower))
                run = []
            opening = m.group(2) is not None or (opening and word is None)
            continue
        if word.isupper() and len(word) > 1:
            case = _UPPER
        elif word[0].isupper():
            # A sentence's first word is capitalised anyway.
            case = _FIRST if opening else _TITLE
        else:
            case = _LOWER
        run.append((lower, case))
        opening = False
    if run:
        runs.append((run, ""))
    return [(r, after) for r, after in runs if len(r) >= _TERM_WORDS[0]]


def _capitalised(part: list[tuple[str, str]]) -> bool:
    """Tell whether a run of words is written as a name: Title Case, or "NAT gateway"."""
    cases = [c for _, c in part]
    if all(c in (_TITLE, _UPPER) for c in cases):
        return True
    # "NAT gateway", "network ACL"; not "cover NAT".
    return (
        len(cases) == 2
        and _UPPER in cases
        and _LOWER in cases
        and not any(c == _LOWER and w in COMMON_WORDS for w, c in part)
    )


def _stand_in(terms: tuple[tuple[str, ...], ...]) -> bool:
    """Tell whether a glossary class ends with a card term's stand-in key ("#3")."""
    return terms[-1][0].startswith("#")


def _initialism_candidate(word: str) -> bool:
    """Tell whether an answer word may be an initialism: short letters, no English word."""
    low, high = _INITIALISM_LENGTH
    return (
        low <= len(word) <= high
        and word.isalpha()
        and word not in COMMON_WORDS
        and word not in _SLOT_STOP
        and not _plural_of_common(word)
    )


class _Compiler:
    def __init__(self, card: Card, glossary: Glossary, cover: float = 0.5) -> None:
        self.cover = cover
        self.glossary = _glossary_index(glossary + _SYNONYM_CLASSES)
        defined = defined_abbreviations(card)
        if defined:
            # The card's own abbreviations join a copy: the shared index stays cached.
            self.glossary = {k: list(v) for k, v in self.glossary.items()}
            for first, entries in _glossary_index(defined).items():
                self.glossary.setdefault(first, []).extend(entries)
        self.question_keys = frozenset(_keys_of(card.question))
        self.initialisms = self._add_terms(card)
        self.anchor_ids: dict[frozenset[tuple[str, ...]], int] = {}
        self.anchor_phrases: list[tuple[Phrase, ...]] = []
        self.context = {_keys_of(t) for t in (card.deck, card.topic, *card.tags) if t}
        self.subjects = self._compared_subjects(card)
        # Derived points restate one answer: their shared words are its topic, not padding.
        self.common = _common_keys(card) if cover == FALLBACK_COVER else frozenset()

    def _add_terms(self, card: Card) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Give each multi-word term of the card a stand-in key its initialisms will match.

        The stand-in ("#3") joins the glossary as an equivalent of the term, so every phrase
        naming the term also matches an answer word that spells it (`CompiledCard.initialism`).
        """
        terms = card_terms(card)
        if not terms:
            return ()
        self.glossary = {k: list(v) for k, v in self.glossary.items()}
        out = []
        for n, words in enumerate(terms):
            keys = tuple(word_key(w) for w in words)
            stand_in = f"#{n}"
            cls = (keys, (stand_in,))
            self.glossary.setdefault(keys[0], []).append((keys, cls))
            self.glossary.setdefault(stand_in, []).append(((stand_in,), cls))
            if all(k in self.question_keys for k in keys):
                self.question_keys = self.question_keys | {stand_in}
            out.append((stand_in, words))
        return tuple(out)

    def group(self, group: MatchGroup, denied: frozenset[str] = frozenset()) -> Group:
        phrases: dict[tuple[str, ...], Phrase] = {}
        for alt in group.alternatives:
            words, own, negative = _phrase(alt)
            if not own:
                continue
            agrees = not negative and not group.negatable and denied.issuperset(own)
            for keys in _expand(own, self.glossary) + _joined(words, own):
                explicit = keys == own
                if keys in phrases and not explicit:
                    continue
                weak = all(k in self.question_keys for k in keys)
                phrases[keys] = Phrase(keys, explicit, negative, weak, agrees)
        return Group(tuple(phrases.values()), group.negatable)

    def rule(
        self,
        rule: MatchRule,
        inherit_anchor: int | None = None,
        denied: frozenset[str] = frozenset(),
    ) -> Rule:
        anchor = inherit_anchor
        groups = []
        for g in rule.groups:
            compiled = self.group(g, frozenset() if g.anchor else denied)
            if not compiled.phrases:
                continue
            if g.anchor:
                anchor = self.anchor(compiled)
            else:
                groups.append(compiled)
        return Rule(tuple(groups), anchor)

    def anchor(self, group: Group) -> int:
        key = frozenset(p.keys for p in group.phrases)
        if key not in self.anchor_ids:
            self.anchor_ids[key] = len(self.anchor_phrases)
            self.anchor_phrases.append(group.phrases)
        return self.anchor_ids[key]

    def point(self, index: int, kp: KeyPoint) -> CompiledPoint:
        match = self.rule(kp.match, denied=_negated_keys(kp.text)) if kp.match else None
        if match is not None and any(g.negatable for g in match.groups):
            t = analyse(kp.text)
            absent = _absent_keys(t)
            # "has no route": an answer saying it has one, or is with one, asserts it.
            verbs = _NEED_VERBS
            if any(t.negator[j] and t.words[j - 1] in _POSSESSION for j in range(1, len(t.words))):
                verbs = verbs | _POSSESSION
            match = Rule(
                tuple(
                    replace(g, absent=absent, absent_verbs=verbs) if g.negatable else g
                    for g in match.groups
                ),
                match.anchor,
            )
        inherited = match.anchor if match else None
        not_rules = tuple(self.rule(r, inherited) for r in kp.not_rules)
        slots: tuple[Slot, ...] = ()
        slot_anchor: int | None = None
        need = 0.0
        if match is None or not (match.groups or match.anchor is not None):
            match = None
            subject = self.subjects.get(index)
            if subject is not None:
                slot_anchor = self.anchor(subject)
            slots = self.slots(kp.text, subject)
            total = _slot_weight(slots, range(len(slots)), subject_whole=True)
            need = _fallback_need(total, self.cover)
        opposites = self.opposites(match) if match is not None else ()
        anchor = match.anchor if match is not None else slot_anchor
        stated = self.stated(kp.text, anchor)
        if slot_anchor is not None:
            # A property that is the compared subject itself ("Stateless means ...") is no claim.
            subject = {p.keys for p in self.anchor_phrases[slot_anchor]}
            stated = tuple(
                pair
                for pair in stated
                if not subject & {p.keys for g in pair[0].groups for p in g.phrases}
            )
        denied = self.denied(kp.text, anchor)
        return CompiledPoint(
            index,
            kp.text,
            kp.weight,
            kp.core,
            match,
            not_rules,
            (),
            0,
            opposites,
            stated,
            denied,
            slots,
            slot_anchor,
            need,
            _broad(kp.text),
        )

    def _compared_subjects(self, card: Card) -> dict[int, Group]:
        """Return the subject entity of each rule-less point, when the card compares several.

        A point's subject is the noun phrase it opens with ("Security groups are stateful"),
        taken when it is a glossary term or words of the question; only a card whose rule-less
        points open with two or more different such entities compares them.
        """
        found: dict[int, Group] = {}
        for index, kp in enumerate(card.key_points):
            if kp.match is not None and (kp.match.groups):
                continue
            subject = self._subject(kp.text)
            if subject is not None:
                found[index] = subject
        # "Private subnets reach" read as a subject where another point's subject is "Private
        # subnets": the shorter one is the entity.
        heads = {p.keys for g in found.values() for p in g.phrases}
        for index, group in list(found.items()):
            for p in group.phrases:
                shorter = [h for h in heads if len(h) < len(p.keys) and p.keys[: len(h)] == h]
                if shorter:
                    head = max(shorter, key=len)
                    found[index] = next(g for g in found.values() if Phrase(head) in g.phrases)
                    break
        # "VPC peering" and "Peering" name one entity: a subject ending with another one's
        # words takes its phrases too.
        heads = {p.keys for g in found.values() for p in g.phrases}
        for index, group in list(found.items()):
            extra = [
                Phrase(h)
                for p in group.phrases
                for h in heads
                if len(h) < len(p.keys) and p.keys[-len(h) :] == h
            ]
            if extra:
                found[index] = Group(tuple(dict.fromkeys((*group.phrases, *extra))))
        distinct: list[set[tuple[str, ...]]] = []
        for group in found.values():
            keys = {p.keys for p in group.phrases}
            if not any(keys & d for d in distinct):
                distinct.append(keys)
        return found if len(distinct) >= 2 else {}

    def openings(
        self, card: Card
    ) -> tuple[dict[int, int], tuple[tuple[tuple[str, ...], ...], ...]]:
        """Number the subjects rule-less points open with, on a card about one thing.

        "Subnets divide the range", "An internet gateway connects the VPC": any opening noun
        phrase followed by a verb, in the question or not. Return each point's subject number
        and each subject's phrases (glossary and initialism variants), when there are two or
        more subjects.
        """
        found: dict[int, int] = {}
        subjects: list[tuple[tuple[str, ...], ...]] = []
        for index, kp in enumerate(card.key_points):
            if kp.match is not None and kp.match.groups:
                continue
            group = self._subject(kp.text, named=False)
            if group is None:
                continue
            keys = tuple(p.keys for p in group.phrases)
            for n, other in enumerate(subjects):
                if set(keys) & set(other):
                    found[index] = n
                    break
            else:
                found[index] = len(subjects)
                subjects.append(keys)
        if len(subjects) < 2:
            return {}, ()
        return found, tuple(subjects)

    def _subject(self, text: str, named: bool = True) -> Group | None:
        t = analyse(text)
        at = self._subject_at(t, named)
        if at is None:
            return None
        cand = tuple(t.keys[at[0] : at[0] + at[1]])
        term = self._glossary_term(cand)
        variants = term or [cand]
        if not named:
            variants = _expand(cand, self.glossary)
        return Group(tuple(Phrase(v) for v in dict.fromkeys(variants)))

    def _subject_at(self, t: _Text, named: bool = True) -> tuple[int, int] | None:
        """Return where the subject a text opens with starts, and its length in words."""
        words, keys = t.words, t.keys
        i = 0
        while i < len(words) and words[i] in _DETERMINERS:
            i += 1
        if i >= len(words) or t.clause[i] != t.clause[0]:
            return None
        # Any opening subject: a term of the glossary or of the card first ("NAT gateway gives
        # private subnets" opens with "NAT gateway", not "NAT gateway gives").
        sizes = _NAMED_SIZES if named else _OPENING_SIZES
        for n, term_only in sizes:
            cand = tuple(keys[i : i + n])
            if len(cand) < n or any(t.clause[j] != t.clause[i] for j in range(i, i + n)):
                continue
            if any(w in _SLOT_STOP for w in words[i : i + n]):
                continue
            if not _predicate_follows(words, i + n):
                continue
            if term_only and self._glossary_term(cand) is None:
                continue
            if named and (cand in self.context or not all(k in self.question_keys for k in cand)):
                continue
            return i, n
        return None

    def _glossary_term(self, keys: tuple[str, ...]) -> list[tuple[str, ...]] | None:
        for term, terms in self.glossary.get(keys[0], ()):
            if term == keys:
                return [term, *terms]
        return None

    def slots(self, text: str, subject: Group | None) -> tuple[Slot, ...]:
        """Derive concept slots from a key point's text (its content words, lists as one slot).

        A parenthesised list or one after a colon ("(password, access keys)", ": facilities,
        hardware, network") is one slot any item fills; words joined by slashes are
        alternatives; glossary terms and synonyms are interchangeable; the subject and the
        question's own words prove nothing, so they are dropped unless nothing else is left.
        """
        t = analyse(text)
        lists = _list_spans(text)
        slashes = _slash_spans(text)
        subject_keys = {p.keys for p in subject.phrases} if subject is not None else set()
        n_words = len(t.words)
        negated = _list_negated(t)
        at = self._subject_at(t, named=False) if subject is None else None
        # A subject the glossary or the card names in several words is one concept, filled by
        # any of its words ("Security groups don't need ephemeral port rules" is not half
        # said by "security groups"); the point's weight still counts its words.
        opening = range(0)
        if at is not None and at[1] > 1 and self._glossary_term(tuple(t.keys[at[0] : sum(at)])):
            opening = range(at[0], sum(at))
        # Per word: the stand-ins of the card terms it is part of.
        stand_ins: dict[int, list[tuple[str, ...]]] = {}
        for i in range(n_words):
            for term, terms in self.glossary.get(t.keys[i], ()):
                if _stand_in(terms) and tuple(t.keys[i : i + len(term)]) == term:
                    for j in range(i, i + len(term)):
                        stand_ins.setdefault(j, []).append(terms[-1])
        # The first content word after each verb negation is what the point denies.
        denied_first: set[int] = set()
        for j, w in enumerate(t.words):
            if w in _VERB_NEGATORS:
                after = [
                    k
                    for k in range(j + 1, n_words)
                    if t.negated_by[k] == j and t.words[k] not in _SLOT_STOP
                ]
                denied_first.update(after[:1])
        # Per slot: its phrases, free, strong (not only question words), list number or -1.
        built: list[tuple[dict[tuple[str, ...], None], bool, bool, int, bool]] = []
        where: dict[object, int] = {}
        item = 0
        i = 0
        while i < n_words:
            w = t.words[i]
            if i and (t.clause[i] != t.clause[i - 1] or w in _COORDINATORS):
                item += 1  # The next item of a list ("password, access keys").
            if w in _SLOT_STOP or (not w.isalpha() and len(w) < 2):
                i += 1
                continue
            span = 1
            for term, terms in self.glossary.get(t.keys[i], ()):
                # A card term stays words of their own (see `stand_ins`): as one concept, an
                # answer saying half of it ("the groups") would fill nothing (recall fell).
                if _stand_in(terms) or len(term) <= span:
                    continue
                if tuple(t.keys[i : i + len(term)]) == term:
                    span = len(term)
            own = tuple(t.keys[i : i + span])
            if own in subject_keys:
                i += span
                continue
            phrases = dict.fromkeys(_expand(own, self.glossary))
            # A word of a card term ("security" of "security groups") is also said by an
            # initialism of the term ("SGs").
            for j in range(i, i + span):
                phrases.update(dict.fromkeys(stand_ins.get(j, ())))
            free = any(negated[j] for j in range(i, i + span))
            # Denied with a verb ("do not apply", "cannot deny", "grants nothing"): an answer
            # must deny it too, and asserting it is a mistake.
            inverted = i in denied_first or (
                i + span < n_words and t.words[i + span] in ("nothing", "none")
            )
            weak = all(k in self.question_keys for k in own)
            # The words of one list item, or joined by slashes, are alternatives of one slot.
            in_list = _container(t.starts[i], lists)
            part = lists.index(in_list) if in_list is not None else -1
            slash = _container(t.starts[i], slashes)
            container: object = (in_list, item) if in_list is not None else slash
            if container is None and i in opening:
                part = _SUBJECT_PART
            if container is not None and container in where:
                n = where[container]
                slot_phrases, slot_free, strong, _, slot_inv = built[n]
                slot_phrases.update(phrases)
                built[n] = (
                    slot_phrases,
                    slot_free or free,
                    strong or not weak,
                    part,
                    slot_inv and inverted,
                )
            else:
                if container is not None:
                    where[container] = len(built)
                built.append((phrases, free, not weak, part, inverted))
            i += span
        slots: list[Slot] = []
        seen: set[frozenset[tuple[str, ...]]] = set()
        strong = [b for b in built if b[2]]
        for phrases, free, _, part, inverted in strong or built:
            key = (frozenset(k for k in phrases if not _stand_in((k,))), part == _SUBJECT_PART)
            if key in seen:
                continue
            seen.add(key)
            group = Group(tuple(Phrase(k) for k in phrases))
            own_keys = {k for ph in phrases for k in ph if not k.startswith("#")}
            common = bool(own_keys) and own_keys <= self.common
            weight = COMMON_SLOT_WEIGHT if common else 1.0
            slots.append(Slot(group, weight, free and not inverted, part, inverted))
        return tuple(slots)

    def denied(self, text: str, anchor: int | None) -> tuple[Rule, ...]:
        """Return rules for what the point's text negates: the first two content words after it.

        One word alone is too loose ("nothing needs rotating" is not contradicted by "keys are
        rotated automatically"); words the question says prove nothing either way.
        """
        t = analyse(text)
        out: list[Rule] = []
        for i, w in enumerate(t.words):
            if w not in _VERB_NEGATORS:
                # "No single points of failure": a noun negated by "no" or "without" is said
                # positively by answers that remove, avoid or eliminate it.
                continue
            content = [
                t.keys[j]
                for j in range(i + 1, len(t.words))
                if t.negated_by[j] == i
                and t.words[j] not in STOPWORDS
                and t.words[j] not in NEGATORS
                and t.words[j] not in _AUXILIARY
            ]
            phrase = tuple(content[:2])
            if len(phrase) == 2 and not all(k in self.question_keys for k in phrase):
                out.append(Rule((Group((Phrase(phrase),)),), anchor))
        return tuple(dict.fromkeys(out))

    def stated(self, text: str, anchor: int | None) -> tuple[tuple[Rule, Rule], ...]:
        """Return (property, its opposite) rules for what the point's text itself asserts."""
        t = analyse(text)
        words, keys = t.words, tuple(t.keys)
        table, surfaces = _stated_opposites()
        out: list[tuple[Rule, Rule]] = []
        i = 0
        while i < len(keys):
            if t.negated[i] or t.negator[i]:
                # "No long-lived keys", "instead of long-lived keys": not asserted.
                i += 1
                continue
            for n in (3, 2, 1):
                said = keys[i : i + n]
                if len(said) < n or said not in table or words[i] not in surfaces:
                    continue
                same, opposite = table[said]
                if any(_contains(keys, o) for o in opposite):
                    break  # The point names both sides ("short-lived instead of long-lived").
                out.append((_rule_of(same, anchor), _rule_of(opposite, anchor)))
                i += n - 1
                break
            else:
                if words[i] in ("one", "1", "single") and i + 1 < len(keys):
                    # "in one Region", "exactly one route table": a count of one is
                    # contradicted by "multiple Regions", "several route tables".
                    noun = tuple(
                        k for k in keys[i + 1 : i + 3] if k not in STOPWORDS and k.isalpha()
                    )
                    noun = noun[:1] if len(noun) == 1 or words[i + 1] in STOPWORDS else noun
                    if noun and words[i + 1] not in STOPWORDS:
                        # "one AWS Region" is also contradicted by "multiple Regions".
                        nouns = {noun, noun[-1:]}
                        same = frozenset(
                            p for n in nouns for p in (("1", *n), ("singl", *n), ("onli", "1", *n))
                        )
                        many = frozenset((q, *n) for q in _MANY for n in nouns)
                        out.append((_rule_of(same, anchor), _rule_of(many, anchor)))
            i += 1
        return tuple(out)

    def opposites(self, rule: Rule) -> tuple[Rule, ...]:
        """Return the rule with each group in turn replaced by its opposites, if it has any."""
        if rule.anchor is None:
            # Without a subject an opposite word could be about anything.
            return ()
        own = {p.keys for g in rule.groups for p in g.phrases}
        table = _opposites()
        out = []
        for i, group in enumerate(rule.groups):
            opposite = {
                o
                for p in group.phrases
                for o in table.get(p.keys, ())
                if o not in own and not all(k in self.question_keys for k in o)
            }
            if opposite:
                phrases = tuple(
                    Phrase(o, negative=any(k in _NEGATOR_KEYS for k in o)) for o in sorted(opposite)
                )
                groups = rule.groups[:i] + (Group(phrases),) + rule.groups[i + 1 :]
                out.append(Rule(groups, rule.anchor))
        return tuple(out)


# Words whose opposite said of the same subject is a mistake, as classes of equivalents.
_OPPOSITES = (
    (
        "temporary | short-lived | short-term | ephemeral | transient | expiring",
        "permanent | long-lived | long-term | persistent | static | never expire",
    ),
    ("stateful", "stateless"),
    ("synchronous | sync", "asynchronous | async"),
    ("encrypted", "unencrypted | plaintext | plain text"),
    ("mutable", "immutable"),
    ("regional", "global"),
    ("reliable | guaranteed delivery", "unreliable | best effort"),
    ("connection-oriented", "connectionless"),
    (
        "outbound-only | outbound only | one-way | one direction",
        "both directions | two-way | bidirectional | inbound and outbound",
    ),
    ("free | no charge | no cost", "billed | charged | paid | per hour | hourly charge"),
    ("better | more scalable", "worse | less scalable"),
    (
        "fully managed | managed by aws",
        "self-managed | you manage | unmanaged | manage it yourself",
    ),
    ("unique | distinct", "same | identical"),
    ("automatic | automatically", "manual | manually"),
    ("horizontal | horizontally | scale out", "vertical | vertically | scale up"),
    ("ordered | in order", "unordered | out of order"),
    ("required | mandatory", "optional"),
    ("enabled | enable", "disabled | disable"),
    ("increase | increases", "decrease | decreases"),
)
_NEGATOR_KEYS = frozenset({"not", "no", "never", "without", "cannot", "nor", "none"})
_MANY = ("multipl", "sever", "mani")


def _rule_of(phrases: frozenset[tuple[str, ...]], anchor: int | None) -> Rule:
    group = Group(
        tuple(Phrase(k, negative=any(x in _NEGATOR_KEYS for x in k)) for k in sorted(phrases))
    )
    return Rule((group,), anchor)


# Rows of _OPPOSITES that describe a property of a thing (checked against a key point's own
# text); verbs like "enable" or "increase" take objects, so their opposite may be about
# something else in the same sentence ("enable Block Public Access, disable ACLs").
_STATED_ROWS = 13


@lru_cache(maxsize=1)
def _stated_opposites() -> tuple[
    dict[tuple[str, ...], tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]],
    frozenset[str],
]:
    """Map each property phrase to (its equivalents, its opposites), and the words they start.

    The starting words are kept unstemmed so "persistence" is not read as "persistent".
    """
    table = {}
    surfaces: set[str] = set()
    for left, right in _OPPOSITES[:_STATED_ROWS]:
        a = frozenset(_keys_of(t) for t in left.split("|"))
        b = frozenset(_keys_of(t) for t in right.split("|"))
        for keys in a:
            table[keys] = (a, b)
        for keys in b:
            table[keys] = (b, a)
        for t in (*left.split("|"), *right.split("|")):
            surfaces.add(_phrase_words(t)[0])
    return table, frozenset(surfaces)


@lru_cache(maxsize=1)
def _opposites() -> dict[tuple[str, ...], frozenset[tuple[str, ...]]]:
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for left, right in _OPPOSITES:
        a = {_keys_of(t) for t in left.split("|")}
        b = {_keys_of(t) for t in right.split("|")}
        for keys in a:
            table.setdefault(keys, set()).update(b)
        for keys in b:
            table.setdefault(keys, set()).update(a)
    return {k: frozenset(v) for k, v in table.items()}


def _entity_groups(anchor_phrases: list[tuple[Phrase, ...]]) -> tuple[int, ...]:
    """Number each anchor group's entity: anchor groups sharing a phrase name the same one."""
    parent = list(range(len(anchor_phrases)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    owner: dict[tuple[str, ...], int] = {}
    for i, phrases in enumerate(anchor_phrases):
        for p in phrases:
            if p.keys in owner:
                parent[find(i)] = find(owner[p.keys])
            else:
                owner[p.keys] = i
    roots = [find(i) for i in range(len(anchor_phrases))]
    number = {r: n for n, r in enumerate(dict.fromkeys(roots))}
    return tuple(number[r] for r in roots)


@lru_cache(maxsize=4096)
def compile_card(card: Card, glossary: Glossary = ()) -> CompiledCard:
    """Precompute a card's phrases, entities and typo vocabulary (cached per card and glossary).

    A card without key points is compiled with points derived from its answer.
    """
    derived = derive_key_points(card)
    if derived:
        card = replace(card, key_points=derived)
    comp = _Compiler(card, glossary, DERIVED_COVER if derived else FALLBACK_COVER)
    points = tuple(comp.point(i, kp) for i, kp in enumerate(card.key_points))

    names: dict[tuple[str, ...], set[int]] = {}
    for anchor_id, phrases in enumerate(comp.anchor_phrases):
        for p in phrases:
            names.setdefault(p.keys, set()).add(anchor_id)
    entities = tuple((Phrase(keys), frozenset(ids)) for keys, ids in names.items())
    entity_of = _entity_groups(comp.anchor_phrases)
    attribute = len(set(entity_of)) >= 2
    if attribute:
        points = tuple(_with_objects(p, names) for p in points)
    opening_of, openings = ({}, ()) if attribute else comp.openings(card)
    if opening_of:
        points = tuple(
            replace(p, opening=opening_of[p.index]) if p.index in opening_of else p for p in points
        )

    keys: set[str] = set()
    alias_words: set[str] = set()
    for kp in card.key_points:
        rules = ([kp.match] if kp.match else []) + list(kp.not_rules)
        for rule in rules:
            for g in rule.groups:
                for alt in g.alternatives:
                    alias_words.update(_phrase_words(alt))
    for p in points:
        keys.update(p.fallback)
        for slot in p.slots:
            for ph in slot.group.phrases:
                keys.update(ph.keys)
        stated = [r for pair in p.stated for r in pair] + list(p.denied)
        for rule in ([p.match] if p.match else []) + [*p.not_rules, *p.opposites, *stated]:
            for g in rule.groups:
                for ph in g.phrases:
                    keys.update(ph.keys)
    for phrases in comp.anchor_phrases:
        for ph in phrases:
            keys.update(ph.keys)
    for variants in openings:
        for v in variants:
            keys.update(v)
    for terms in glossary:
        for t in terms:
            alias_words.update(_phrase_words(t))
    for kp in card.key_points:
        alias_words.update(w for w in _phrase_words(kp.text) if word_key(w) in keys)
    foreign = () if attribute or not names else _foreign_terms(card, glossary, set(names))
    for term in foreign:
        keys.update(term)

    card_text = " ".join(
        [card.question, card.answer, card.explanation, *(kp.text for kp in card.key_points)]
    )
    plain = unicodedata.normalize("NFKD", card_text).encode("ascii", "ignore").decode().lower()
    known = frozenset(_WORDS.findall(plain)) | frozenset(alias_words)

    surfaces: dict[str, str] = {}
    for w in alias_words:
        k = word_key(w)
        if k not in keys or len(w) < 4 or not w.isalpha():
            continue
        for form in _inflections(w):
            surfaces.setdefault(form, k)
    return CompiledCard(
        card_id=card.id,
        points=points,
        entities=entities,
        attribute=attribute,
        keys=frozenset(keys),
        question_keys=comp.question_keys,
        known_words=known,
        typo_index=_by_initial(surfaces),
        foreign=foreign,
        entity_of=entity_of if attribute else (),
        derived=bool(derived),
        initialisms=comp.initialisms,
        openings=openings,
    )


_CONTRASTED = _wordset("than unlike versus vs whereas")


def _with_objects(point: CompiledPoint, names: dict[tuple[str, ...], set[int]]) -> CompiledPoint:
    """Return a rule-less point with the other entities its own slots name."""
    if point.slot_anchor is None:
        return point
    t = analyse(point.text)
    keys = t.keys
    named: set[int] = set()
    for name, ids in names.items():
        n = len(name)
        for i in range(len(keys) - n + 1):
            # "stateful, unlike NACLs", "cheaper than peering": a contrast, not an object.
            contrast = t.negated[i] or (i and t.words[i - 1] in _CONTRASTED)
            if keys[i : i + n] == list(name) and not contrast:
                named.update(ids)
    named.discard(point.slot_anchor)
    return replace(point, slot_objects=frozenset(named)) if named else point


def _by_initial(surfaces: dict[str, str]) -> dict[str, tuple[tuple[str, str], ...]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for surface, key in surfaces.items():
        index.setdefault(surface[0], []).append((surface, key))
    return {initial: tuple(pairs) for initial, pairs in index.items()}


def _foreign_terms(
    card: Card, glossary: Glossary, anchors: set[tuple[str, ...]]
) -> tuple[tuple[str, ...], ...]:
    """Return the glossary terms that name something other than the card's subject.

    Terms equivalent to the card's anchor are its subject; terms naming the deck, topic or a
    tag, or said in the question, are context ("AWS", "IAM"), not another subject.
    """
    context = {_keys_of(t) for t in (card.deck, card.topic, *card.tags) if t}
    question = _keys_of(card.question)
    out: list[tuple[str, ...]] = []
    for terms in glossary:
        keyed = [k for k in (_keys_of(t) for t in terms) if k]
        if any(k in anchors or k in context or _contains(question, k) for k in keyed):
            continue
        out.extend(keyed)
    return tuple(dict.fromkeys(out))


# A key point without rules is covered when one sentence of the answer fills this share of its
# slots' weight, and at least this many slots (or all it has: a label and a list of properties
# is one list slot), and when two adjacent sentences fill FALLBACK_PAIR_EXTRA more ("It issues
# temporary credentials. They expire automatically."; without the extra, wrong answers gained
# credit). Tuned on the labelled dev answers with every rule stripped.
FALLBACK_COVER = 0.5
FALLBACK_MIN_SLOTS = 2
FALLBACK_LIST_CAP = 1
FALLBACK_PAIR_EXTRA = 0.5
_DETERMINERS = _wordset("a an the each every all both its their your any some")
# Subject sizes (words, only a glossary or card term) tried for a compared subject, and for
# the subject any rule-less point opens with.
_NAMED_SIZES = ((3, False), (2, False), (1, False))
_OPENING_SIZES = ((3, True), (2, True), (3, False), (2, False), (1, False))
# Words of a key point's text that are no concept of their own.
_SLOT_STOP = (
    STOPWORDS
    | NEGATORS
    | _AUXILIARY
    | PREPOSITIONS
    | _wordset(
        """because after before up down itself themselves yourself example examples eg ie etc
        like usually typically often always instead rather than get gets got make makes made
        let lets via still even something anything everything thing things way ways much many"""
    )
)
_LIST_SPAN = re.compile(r"\(([^()]*)\)|:\s+([^()]*[,/][^()]*)")
_SLASH_SPAN = re.compile(r"[^\W_][\w-]*(?:/[^\W_][\w-]*)+")


_VERBISH = (_NEW_PREDICATE - {"it", "they"}) | _wordset(
    "means mean cannot must may might should shall isn't aren't doesn't don't not never only"
)


# A word that three quarters of a card's key points say (and at least three) is the card's
# topic ("role" on a card about session policies): as a slot it weighs COMMON_SLOT_WEIGHT,
# so it cannot make up half a point with one other word ("adds permissions on top of the
# role's" is not "can only restrict: the intersection with the role's policies"). Tuned on
# the dev answers with rules stripped (at half of the points, recall fell by 0.02).
COMMON_SLOT_WEIGHT = 0.5
COMMON_SHARE = 0.75
COMMON_MIN = 3


def _common_keys(card: Card) -> frozenset[str]:
    """Return the word keys most of the card's key points say ("role" on a card about roles)."""
    points = card.key_points
    if len(points) < COMMON_MIN:
        return frozenset()
    seen: dict[str, int] = {}
    for kp in points:
        for k in set(_keys_of(kp.text)):
            seen[k] = seen.get(k, 0) + 1
    need = max(COMMON_MIN, COMMON_SHARE * len(points))
    return frozenset(k for k, n in seen.items() if n >= need)


def _fallback_need(total: float, cover: float) -> float:
    """Return the slot weight one sentence must fill to cover a point of `total` slot weight."""
    return max(cover * total, min(FALLBACK_MIN_SLOTS, total) - 0.001)


# The `Slot.part` of the words of a point's opening subject (see `_Compiler.slots`).
_SUBJECT_PART = 1_000_000


def _slot_weight(
    slots: Sequence[Slot], filled: Iterable[int], subject_whole: bool = False
) -> float:
    """Return the weight of the filled slots, each list counted as at most FALLBACK_LIST_CAP."""
    total = 0.0
    items: dict[int, int] = {}
    for j in filled:
        slot = slots[j]
        if slot.part < 0 or (subject_whole and slot.part == _SUBJECT_PART):
            total += slot.weight
        else:
            items[slot.part] = items.get(slot.part, 0) + 1
    return total + sum(min(n, FALLBACK_LIST_CAP) for n in items.values())


def _predicate_follows(words: list[str], at: int) -> bool:
    """Tell whether the words before `at` read as a subject ("Users get", "A NAT gateway sits").

    An imperative ("Protect it with MFA") or a phrase ("Format: ...") opens no subject.
    """
    if at >= len(words) or at == 0:
        return False
    nxt, last = words[at], words[at - 1]
    if nxt in _VERBISH:
        return True
    if nxt in STOPWORDS or nxt in PREPOSITIONS or not nxt.isalpha():
        return False
    return (nxt.endswith("s") and not nxt.endswith("ss")) or (
        last.endswith("s") and not last.endswith("ss")
    )


def _list_spans(text: str) -> list[tuple[int, int]]:
    """Return where a key point's text lists alternatives: parentheses, or a list after a colon."""
    out = []
    for m in _LIST_SPAN.finditer(text):
        g = 1 if m.group(1) is not None else 2
        out.append((m.start(g), m.end(g)))
    return out


def _slash_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SLASH_SPAN.finditer(text)]


def _container(at: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for span in spans:
        if span[0] <= at < span[1]:
            return span
    return None


def _contains(keys: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(keys[i : i + n] == part for i in range(len(keys) - n + 1))


def _inflections(w: str) -> list[str]:
    forms = [w]
    if w.endswith("ies"):
        forms.append(w[:-3] + "y")
    elif w.endswith("y"):
        forms.append(w[:-1] + "ies")
    elif w.endswith("s"):
        forms.append(w[:-1])
    else:
        forms.append(w + "s")
    return forms


# ---------------------------------------------------------------------------------------------
# Key points derived from a model answer

# A card without key points is graded against points derived from its answer (see
# `derive_key_points`). Prose gives at most DERIVED_CAP sentences, each with at least
# DERIVED_MIN_CONTENT content words the question does not say; a list gives every top-level
# item, the first DERIVED_LIST_FULL at full weight and the rest sharing DERIVED_TAIL_WEIGHT, so
# that covering most of a long list is Good. A derived point is covered when one sentence fills
# DERIVED_COVER of its slots: model-answer sentences are long (tuned on the dev answers graded
# against their cards' answers with the key points dropped: bench/grading.py --derive-points;
# a lower share gives wrong answers Good, keeping only the first 3-4 sentences too).
DERIVED_CAP = 6
DERIVED_MIN_CONTENT = 3
DERIVED_LIST_FULL = 7
DERIVED_TAIL_WEIGHT = 3.0
DERIVED_COVER = 0.4

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_RULE_LINE = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|\|?[\s:|-]*-{3,}[\s:|-]*)$")
_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<https?://[^>]*>|https?://\S+"), " "),  # bare URLs say nothing
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),  # HTML tags
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # code spans keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])"), r"\1"),
    (re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)+"), ""),  # heading and quote markers
    (re.compile(r"\s*\|\s*"), ", "),  # table cells
)
# "Term: explanation" (a bold label in web lists): both halves are the point, and the colon
# must not turn the explanation into a list of alternatives.
_LABEL = re.compile(r"^([^:,.;()]{1,40}?):\s+(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def _plain(markdown: str) -> str:
    """Return inline Markdown as plain text: emphasis, code, links and tags stripped."""
    text = markdown
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return " ".join(text.replace("\\", "").split()).strip(" ,")


def _answer_blocks(markdown: str) -> tuple[list[str], list[str]]:
    """Split a Markdown answer into prose paragraphs and top-level list items, code dropped.

    A nested item joins its parent's text as one parenthesised list of alternatives.
    """
    paragraphs: list[str] = []
    items: list[tuple[list[str], list[str]]] = []  # (item lines, nested items)
    para: list[str] = []
    fence = ""
    base = -1  # indent of the open list's top-level items, -1 when none is open
    blank = True

    def flush() -> None:
        if para:
            paragraphs.append(" ".join(para))
            para.clear()

    for raw in markdown.splitlines():
        line = raw.expandtabs(4)
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)[:3]
            continue
        if not line.strip():
            flush()
            blank = True
            continue
        indent = len(line) - len(line.lstrip())
        if _RULE_LINE.match(line):
            flush()
            continue
        m = _ITEM.match(line)
        if m:
            flush()
            if base < 0 or indent <= base:
                base = indent if base < 0 else base
                items.append(([m.group(2)], []))
            else:
                items[-1][1].append(m.group(2))
        elif base >= 0 and (indent > base or not blank):
            # A continuation line of the item (or of its last nested item).
            target = items[-1][1] if items[-1][1] and indent > base + 2 else items[-1][0]
            target[-1] += " " + line.strip()
        elif indent >= 4 and blank and not para:
            pass  # An indented code block.
        else:
            base = -1
            para.append(line.strip())
        blank = False
    flush()
    out_items = []
    for lines, nested in items:
        text = _LABEL.sub(r"\1 — ", _plain(" ".join(lines)))
        parts = [_plain(n).replace("(", " ").replace(")", " ") for n in nested]
        parts = [p for p in parts if p]
        if parts:
            text = f"{text.rstrip(':')} ({', '.join(parts)})"
        out_items.append(text)
    return [_plain(p) for p in paragraphs], out_items


def _sentences(paragraph: str) -> list[str]:
    """Split prose into sentences, keeping "e.g. S3" and "vs. EC2" whole."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        last = out[-1].rsplit(None, 1)[-1].lower().strip(".") if out else ""
        if out and (last.replace(".", "") in _ABBREVIATIONS or len(last) == 1):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [s.strip() for s in out if s.strip()]


# Words of web answers that point elsewhere rather than say something ("see the docs").
_POINTERS = _wordset(
    """see docs doc documentation details detail more info information read learn click link
    links here below above following follows section article page official"""
)


def _content_keys(text: str, question: frozenset[str]) -> set[str]:
    t = analyse(text)
    return {
        k
        for w, k in zip(t.words, t.keys, strict=True)
        if w not in _SLOT_STOP
        and w not in _POINTERS
        and w.isalpha()
        and len(w) > 1
        and k not in question
    }


@lru_cache(maxsize=4096)
def derive_key_points(card: Card) -> tuple[KeyPoint, ...]:
    """Derive key points from a card's Markdown answer, for a card that has none.

    Each top-level list item is a point; without a list, the answer's sentences with content
    beyond the question's words, the first DERIVED_CAP of them. Code blocks are ignored.
    """
    if card.key_points or not card.answer.strip():
        return ()
    question = frozenset(_keys_of(card.question))
    paragraphs, items = _answer_blocks(card.answer)
    points: list[KeyPoint] = []
    if items:
        kept = [i for i in items if _content_keys(i, question)]
        tail = len(kept) - DERIVED_LIST_FULL
        for n, text in enumerate(kept):
            weight = 1.0 if n < DERIVED_LIST_FULL else min(0.5, DERIVED_TAIL_WEIGHT / tail)
            points.append(KeyPoint(text, weight=round(weight, 3), line=card.line))
        return tuple(points)
    for paragraph in paragraphs:
        for sentence in _sentences(paragraph):
            if sentence.endswith(":"):
                continue  # An introduction to something the derivation left out (code).
            if len(_content_keys(sentence, question)) < DERIVED_MIN_CONTENT:
                continue
            points.append(KeyPoint(sentence, line=card.line))
    return tuple(points[:DERIVED_CAP])


# ---------------------------------------------------------------------------------------------
# Matching one answer against one compiled card


# Words that may come before the subject a clause opens with ("and the NAT gateway is").
_OPENING_GLUE = _DETERMINERS | _COORDINATORS | _CLAUSE_WORDS | _wordset("then also so")

# Words between a predicate hit and a following mention for that mention to own the hit.
_NEAR_OBJECT = 3


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int  # first word index
    end: int  # one past the last word index
    negated: bool
    # Every word is already in the question: it may complete a point, not carry it alone.
    weak: bool = False
    # The phrase says a negation itself ("no need"), which then negates nothing else.
    negative: bool = False


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    sent: int
    anchors: frozenset[int]
    subject: bool = True
    chain: int = 0


def _abbreviation_plural(word: str, card_keys: frozenset[str]) -> str | None:
    """Return the card key of an abbreviation's plural ("SGs", "OUs"), which stems leave alone."""
    if len(word) < 3 or len(word) > 6 or word[-1] != "s" or word[-2] in "s'":
        return None
    single = word[:-1]
    if single in STOPWORDS or single in COMMON_WORDS:
        return None
    key = word_key(single)
    return key if key in card_keys else None


# Prepositions that name the topic when they open a clause ("With NACLs, ...", "For a security
# group, ..."); "unlike", "than" or "over" never do.
_TOPIC_PREPOSITIONS = _wordset("with for on in")
_CLAUSE_OPENERS = _CLAUSE_WORDS | _COORDINATORS | _wordset("so then and whereas")


_DEFINITE = _wordset("the this that")
_FUNCTION_KEYS = frozenset(word_key(w) for w in STOPWORDS | PREPOSITIONS)


@lru_cache(maxsize=256)
def _heads(
    entities: tuple[tuple[Phrase, frozenset[int]], ...],
) -> dict[str, frozenset[int]]:
    """Map the last word of each compared entity's name to it, when no other entity shares it.

    "the gateway" after "NAT gateway ... NAT instance" names the NAT gateway; on a card
    comparing an internet gateway with a NAT gateway it names neither.
    """
    heads: dict[str, set[frozenset[int]]] = {}
    # A word that is a whole name, or starts one ("JSON" in "JSON document"), is no head.
    single = {p.keys[0] for p, _ in entities}
    for phrase, anchors in entities:
        # A two-word name ("NAT gateway"), not a phrase ("to the internet", "as JSON").
        if len(phrase.keys) == 2 and not _FUNCTION_KEYS.intersection(phrase.keys):
            heads.setdefault(phrase.keys[-1], set()).add(anchors)
    return {
        head: next(iter(owners))
        for head, owners in heads.items()
        if len(owners) == 1 and head not in single
    }


class _Match:
    """One answer seen through one card: where each card key occurs, entities, attribution."""

    def __init__(self, card: CompiledCard, answer: str) -> None:
        self.card = card
        self.answer = answer
        self.text = text = analyse(answer)
        pos: dict[str, list[int]] = {}
        card_keys = card.keys
        for i, (w, k) in enumerate(zip(text.words, text.keys, strict=True)):
            if k in card_keys:
                pos.setdefault(k, []).append(i)
            elif (plural := _abbreviation_plural(w, card_keys)) is not None:
                pos.setdefault(plural, []).append(i)
            else:
                for fk in card.typo_keys(w):
                    pos.setdefault(fk, []).append(i)
                for fk in card.initialism_keys(w):
                    pos.setdefault(fk, []).append(i)
        self.pos = {k: frozenset(v) for k, v in pos.items()}
        self._found: dict[tuple[str, ...], list[_Hit]] = {}
        # Per point index: the entities its predicate is said of (comparison cards).
        self.said: dict[int, dict[int, list[_Hit]]] = {}
        self.judged: dict[int, PointResult] = {}
        self.mentions = self._mentions() if card.attribute else []
        # Single-entity cards: sentences naming the subject, and subject-like mentions of
        # other glossary terms, which make a sentence about something else.
        self.subject_sentences: set[int] = set()
        self.foreign: dict[int, list[tuple[int, int]]] = {}
        if card.foreign:
            for phrase, _ in card.entities:
                for start, _end in self._find_exact(phrase.keys):
                    self.subject_sentences.add(text.sent[start])
            for term in card.foreign:
                for start, end in self._find_exact(term):
                    if not self._after_preposition(start):
                        self.foreign.setdefault(text.sent[start], []).append((start, end))
        self._owners: dict[tuple[int, int], tuple[_Mention, ...]] = {}
        self._by_sent: dict[int, list[_Mention]] = {}
        chains: dict[int, list[_Mention]] = {}
        for m in self.mentions:
            self._by_sent.setdefault(m.sent, []).append(m)
            chains.setdefault(m.chain, []).append(m)
        self._chains = {c: tuple(ms) for c, ms in chains.items()}
        self._topics = self._sentence_topics()
        self._clause_topics: tuple[dict[int, int], dict[int, set[int]]] | None = None

    def find(self, keys: tuple[str, ...], negative: bool = False) -> list[_Hit]:
        """Return every occurrence of a phrase, allowing one extra word between its words."""
        cached = self._found.get(keys)
        if cached is not None:
            return cached
        hits: list[_Hit] = []
        first = self.pos.get(keys[0])
        if first:
            rest = [self.pos.get(k) for k in keys[1:]]
            if all(rest):
                for i in sorted(first):
                    end = self._extend(i, rest, 0, False)
                    if end is not None:
                        stop, filler_negated = end
                        negated = self.text.negated[i] or filler_negated
                        hits.append(_Hit(i, stop, negated and not negative))
        self._found[keys] = hits
        return hits

    def _extend(
        self, i: int, rest: list[frozenset[int] | None], n: int, neg: bool
    ) -> tuple[int, bool] | None:
        if n == len(rest):
            return i + 1, neg
        sent = self.text.sent
        allowed = rest[n]
        assert allowed is not None
        for step in (1, 2):
            j = i + step
            if j < len(sent) and sent[j] == sent[i] and j in allowed:
                filler = step == 2 and self.text.negator[i + 1]
                found = self._extend(j, rest, n + 1, neg or filler)
                if found is not None:
                    return found
        return None

    def _mentions(self) -> list[_Mention]:
        found = []
        for phrase, anchors in self.card.entities:
            for hit in self._find_exact(phrase.keys):
                found.append((hit[0], -(hit[1] - hit[0]), hit[1], anchors))
        words = self.text.words
        for head, anchors in _heads(self.card.entities).items():
            for i in self.pos.get(head, ()):
                if i and words[i - 1] in _DEFINITE and self.text.sent[i - 1] == self.text.sent[i]:
                    found.append((i, -1, i + 1, anchors))
        found.sort(key=lambda m: (m[0], m[1]))
        mentions: list[_Mention] = []
        taken_until = -1
        for start, _, end, anchors in found:
            if start < taken_until:
                continue
            mentions.append(_Mention(start, end, self.text.sent[start], anchors))
            taken_until = end
        self._mark_subjects(mentions)
        return mentions

    def _find_exact(self, keys: tuple[str, ...]) -> list[tuple[int, int]]:
        first = self.pos.get(keys[0])
        if not first:
            return []
        out = []
        for i in sorted(first):
            if all(
                i + n < len(self.text.keys)
                and self.text.sent[i + n] == self.text.sent[i]
                and i + n in self.pos.get(k, ())
                for n, k in enumerate(keys[1:], 1)
            ):
                out.append((i, i + len(keys)))
        return out

    def _mark_subjects(self, mentions: list[_Mention]) -> None:
        chain = 0
        for n, m in enumerate(mentions):
            m.subject = not self._after_preposition(m.start)
            prev = mentions[n - 1] if n else None
            if prev is not None and self._listed(prev, m):
                m.chain = prev.chain
                # A list that continues a prepositional phrase stays in it.
                m.subject = m.subject and prev.subject
            else:
                chain += 1
                m.chain = chain

    def _after_preposition(self, start: int) -> bool:
        """Tell whether a mention opens a prepositional phrase ("collections of IAM users")."""
        j = self._preposition_before(start)
        if j is None:
            return False
        return not (self.text.words[j] in _TOPIC_PREPOSITIONS and self._opens_clause(j))

    def _preposition_before(self, start: int) -> int | None:
        t = self.text
        j = start - 1
        skipped = 0
        while j >= 0 and t.clause[j] == t.clause[start]:
            w = t.words[j]
            if w in PREPOSITIONS:
                return j
            if w not in _MODIFIERS or skipped == 2:
                return None
            skipped += 1
            j -= 1
        return None

    def _opens_clause(self, j: int) -> bool:
        # "With a NAT instance, you patch it": a clause that opens with the phrase is about it.
        t = self.text
        k = j - 1
        while k >= 0 and t.clause[k] == t.clause[j]:
            if t.words[k] not in _CLAUSE_OPENERS:
                return False
            k -= 1
        return True

    def _listed(self, a: _Mention, b: _Mention) -> bool:
        t = self.text
        if a.sent != b.sent:
            return False
        if any(t.sep[j] for j in range(a.end, b.start + 1)):
            return False
        glue = t.words[a.end : b.start]
        if not all(w in _LIST_GLUE for w in glue):
            return False
        if not any(w in _COORDINATORS for w in glue):
            # "Unlike NACLs, security groups ...": a phrase opening the clause ends at its comma.
            j = self._preposition_before(a.start)
            if j is not None and self._opens_clause(j):
                return False
        # A list names different things: two names of one entity side by side ("groups
        # collect users", where "collect" is the group's "collection") are subject and verb.
        if not glue and a.anchors & b.anchors:
            return False
        # "isolated from other regions, an AZ is ...": a comma with no "and"/"or" and a verb
        # right after the mention starts a new statement, not the next item of a list.
        return not (
            not any(w in _COORDINATORS for w in glue)
            and b.end < len(t.words)
            and t.clause[b.end] == t.clause[b.start]
            and t.words[b.end] in _NEW_PREDICATE
        )

    def _sentence_topics(self) -> dict[int, tuple[_Mention, ...]]:
        """Map each sentence to the entity it is about when it names none (pronouns)."""
        topics: dict[int, tuple[_Mention, ...]] = {}
        by_sent = self._by_sent
        current: tuple[_Mention, ...] = ()
        last_sent = self.text.sent[-1] if self.text.sent else 0
        for s in range(last_sent + 1):
            topics[s] = current
            ms = by_sent.get(s)
            if ms:
                subjects = [m for m in ms if m.subject]
                pick = subjects[-1] if subjects else ms[-1]
                current = self._chain(pick)
        return topics

    def _chain(self, m: _Mention) -> tuple[_Mention, ...]:
        return self._chains[m.chain]

    def owners(self, hit: _Hit) -> tuple[_Mention, ...]:
        """Return the entity mentions a predicate hit is said about."""
        key = (hit.start, hit.end)
        if key in self._owners:
            return self._owners[key]
        sent = self.text.sent[hit.start]
        in_sentence = self._by_sent.get(sent, [])
        inside = [m for m in in_sentence if m.start < hit.end and hit.start < m.end]
        siblings = {m.chain for m in inside}
        ms = [m for m in in_sentence if m not in inside and m.chain not in siblings]
        before = [m for m in ms if m.end <= hit.start]
        after = [m for m in ms if m.start >= hit.end]
        found: tuple[_Mention, ...] = ()
        relative = self._relative_owner(hit.start, before)
        if relative is not None:
            found = self._chain(relative)
            before = []
        for m in reversed(before):
            if m.subject:
                found = self._chain(m)
                break
        else:
            # With no mention before the hit, an object right after it ("deny rules in a
            # security group") owns it rather than the subject of a later coordinated clause.
            near = [m for m in after if m.start - hit.end <= _NEAR_OBJECT] if not before else []
            for m in near[:1] or [m for m in after if m.subject]:
                found = self._chain(m)
                break
            else:
                if before:
                    found = self._chain(before[-1])
                elif after:
                    found = self._chain(after[0])
                elif not in_sentence:
                    found = self._topics.get(sent, ())
        self._owners[key] = found
        return found

    def _relative_owner(self, start: int, before: list[_Mention]) -> _Mention | None:
        """Return the mention a relative clause hangs on ("NACLs, which are stateless")."""
        t = self.text
        c = start
        while c > 0 and t.clause[c - 1] == t.clause[start]:
            c -= 1
        if t.words[c] not in _RELATIVE:
            return None
        for m in before:
            if m.end == c:
                return m
        return None

    def clause_topics(self) -> tuple[dict[int, int], dict[int, set[int]]]:
        """Map each clause opening with a point's subject to it, and each clause to those named.

        "Subnets are isolated networks, and a VPC is a smaller range": the first clause is
        about the subnets, the second about the VPC.
        """
        if self._clause_topics is not None:
            return self._clause_topics
        t = self.text
        opens: dict[int, int] = {}
        named: dict[int, set[int]] = {}
        for n, variants in enumerate(self.card.openings):
            for keys in variants:
                for start, end in self._find_exact(keys):
                    c = t.clause[start]
                    named.setdefault(c, set()).add(n)
                    j = start - 1
                    while j >= 0 and t.clause[j] == c and t.words[j] in _OPENING_GLUE:
                        j -= 1
                    if (j < 0 or t.clause[j] != c) and _predicate_follows(t.words, end):
                        opens.setdefault(c, n)
        self._clause_topics = (opens, named)
        return self._clause_topics

    def mentions_of(self, anchor: int) -> list[_Mention]:
        return [m for m in self.mentions if anchor in m.anchors]


@dataclass(slots=True)
class _Found:
    """Evidence for one rule: hits per group that count and hits that were negated."""

    positive: list[list[_Hit]]
    negated: list[list[_Hit]]
    anchor_mentions: list[_Mention]

    def all_positive(self) -> bool:
        # Restating the question's own words satisfies nothing by itself.
        return all(self.positive) and any(not h.weak for hs in self.positive for h in hs)

    def negation_only(self, groups: tuple[Group, ...]) -> bool:
        return all(p or n for p, n in zip(self.positive, self.negated, strict=True)) and any(
            # A `~` group's negated hits are only those said to be required.
            not p and n
            for p, n in zip(self.positive, self.negated, strict=True)
        )


def _usable(phrase: Phrase) -> bool:
    return phrase.explicit or not phrase.weak


def _group_hits(match: _Match, group: Group) -> list[_Hit]:
    hits = []
    for phrase in group.phrases:
        if not _usable(phrase):
            continue
        for h in match.find(phrase.keys, phrase.negative):
            if group.negatable:
                # Either polarity fills a `~` group, but saying that what the point's text
                # negates is needed ("needs an open SSH port" against "needs no inbound
                # ports, ... or SSH keys") denies the point.
                negated = (
                    not phrase.negative
                    and group.absent.issuperset(phrase.keys)
                    and not h.negated
                    and _required(match.text, h.start, group.absent_verbs)
                )
            else:
                negated = h.negated and not phrase.denied
            # A question word said negated ("can't be reached" for "how does it reach the
            # internet?") states something the question does not.
            weak = phrase.weak and not (group.negatable and h.negated)
            hits.append(_Hit(h.start, h.end, negated, weak, phrase.negative))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _rule_hits(match: _Match, groups: tuple[Group, ...]) -> list[list[_Hit]]:
    """Return each group's hits; a negation inside another group's phrase negates nothing.

    "no rotation needed" against `rotate ; no need`: the "no" belongs to "no need".
    """
    per_group = [_group_hits(match, g) for g in groups]
    spans = [(h.start, h.end) for hits in per_group for h in hits if h.negative]
    if not spans:
        return per_group
    by = match.text.negated_by
    return [
        [
            _Hit(h.start, h.end, False, h.weak, h.negative)
            if h.negated and any(a <= by[h.start] < b for a, b in spans)
            else h
            for h in hits
        ]
        for hits in per_group
    ]


def _evaluate_attributed(match: _Match, rule: Rule) -> _Found:
    assert rule.anchor is not None
    anchor = rule.anchor
    positive: list[list[_Hit]] = []
    negated: list[list[_Hit]] = []
    for hits in _rule_hits(match, rule.groups):
        pos, neg = [], []
        for h in hits:
            if any(anchor in m.anchors for m in match.owners(h)):
                (neg if h.negated else pos).append(h)
        positive.append(pos)
        negated.append(neg)
    mentions = match.mentions_of(anchor)
    if not rule.groups:
        # A rule that is only an anchor is satisfied by naming the entity.
        positive.append([_Hit(m.start, m.end, False) for m in mentions])
        negated.append([])
    return _Found(positive, negated, mentions)


def _evaluate_in_sentence(match: _Match, rule: Rule, groups: tuple[Group, ...]) -> _Found:
    """All groups in one sentence; return the first sentence that satisfies most."""
    per_group = _rule_hits(match, groups)
    sent = match.text.sent
    sentences = sorted({sent[h.start] for hits in per_group for h in hits})
    best: _Found | None = None
    for s in sentences:
        if rule.anchor is not None and _about_something_else(match, s, per_group):
            continue
        pos = [[h for h in hits if sent[h.start] == s and not h.negated] for hits in per_group]
        neg = [[h for h in hits if sent[h.start] == s and h.negated] for hits in per_group]
        found = _Found(pos, neg, [])
        if found.all_positive():
            return found
        if best is None and found.negation_only(groups):
            best = found
    if best is not None:
        return best
    return _Found([[] for _ in groups], [[] for _ in groups], [])


def _about_something_else(match: _Match, s: int, per_group: list[list[_Hit]]) -> bool:
    """Tell whether sentence `s` has another subject than the card's and does not name it."""
    others = match.foreign.get(s)
    if not others or s in match.subject_sentences:
        return False
    hits = [h for hits in per_group for h in hits if match.text.sent[h.start] == s]
    return any(not any(h.start < end and start < h.end for h in hits) for start, end in others)


def _anchor_group(match: _Match, anchor: int) -> Group:
    phrases = tuple(p for p, anchors in match.card.entities if anchor in anchors)
    return Group(phrases)


def _evaluate(match: _Match, rule: Rule) -> tuple[_Found, tuple[Group, ...]]:
    if rule.anchor is not None and match.card.attribute:
        return _evaluate_attributed(match, rule), rule.groups
    groups = rule.groups
    if not groups and rule.anchor is not None:
        # Only an anchor on a single-entity card: the entity must be named.
        groups = (_anchor_group(match, rule.anchor),)
    return _evaluate_in_sentence(match, rule, groups), groups


def _span(match: _Match, hits: list[_Hit], mentions: list[_Mention]) -> tuple[int, int]:
    t = match.text
    first = min(h.start for h in hits)
    last = max(h.end for h in hits) - 1
    sentences = {t.sent[h.start] for h in hits}
    # Show the entity the evidence is about when it is named in the same sentence.
    near = [m for m in mentions if m.sent in sentences and m.end <= first]
    if near:
        first = near[-1].start
    return t.starts[first], t.ends[last]


def _result(
    match: _Match, point: CompiledPoint, status: PointStatus, hits: list[_Hit], mentions
) -> PointResult:
    if not hits:
        return PointResult(point.index, point.text, status, point.weight)
    start, end = _span(match, hits, mentions)
    return PointResult(
        point.index, point.text, status, point.weight, match.answer[start:end], (start, end)
    )


def _closest(groups: list[list[_Hit]]) -> list[_Hit]:
    """Pick one hit per group, as close together as possible, for a compact evidence span."""
    pivot = min(groups, key=len)[0]
    return [min(hits, key=lambda h: (abs(h.start - pivot.start), h.start)) for hits in groups]


def _check_point(match: _Match, point: CompiledPoint) -> PointResult:
    result = _judge(match, point)
    if result.status is PointStatus.MISSED:
        swapped = _swapped(match, point)
        if swapped is not None:
            hits, mentions = swapped
            return _result(match, point, PointStatus.CONTRADICTED, hits, mentions)
    return result


def _judge(match: _Match, point: CompiledPoint) -> PointResult:
    """Judge a point on its own rules and stated properties (not yet comparing entities)."""
    cached = match.judged.get(point.index)
    if cached is None:
        cached = match.judged[point.index] = _judge_point(match, point)
    return cached


def _judge_point(match: _Match, point: CompiledPoint) -> PointResult:
    for rule in point.not_rules:
        found, _ = _evaluate(match, rule)
        if found.all_positive():
            hits = _closest(found.positive)
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    stated = (
        _stated_opposite(match, point)
        or _said_denied(match, point)
        or _asserted_absent(match, point)
    )
    if stated is not None:
        return stated
    if point.match is None:
        return _check_fallback(match, point)
    found, groups = _evaluate(match, point.match)
    if found.all_positive():
        hits = _closest(found.positive)
        if point.broad and _restricted(match, hits):
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
        return _result(match, point, PointStatus.COVERED, hits, found.anchor_mentions)
    if found.negation_only(groups):
        hits = [(p or n)[0] for p, n in zip(found.positive, found.negated, strict=True)]
        return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    for rule in point.opposites:
        found, _ = _evaluate(match, rule)
        if found.all_positive():
            hits = _closest(found.positive)
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    return _result(match, point, PointStatus.MISSED, [], [])


def _said_of(match: _Match, point: CompiledPoint) -> dict[int, list[_Hit]]:
    """Map each entity of a comparison card to the point's predicate hits said of it.

    Every group must have a positive hit attributed to that entity ("NACLs are stateful":
    `@security group ; stateful` is said of the NACL entity).
    """
    cached = match.said.get(point.index)
    if cached is not None:
        return cached
    out: dict[int, list[_Hit]] = {}
    rule = point.match
    if rule is not None and rule.anchor is not None and rule.groups:
        entity_of = match.card.entity_of
        per_entity: list[dict[int, list[_Hit]]] = []
        for hits in _rule_hits(match, rule.groups):
            group: dict[int, list[_Hit]] = {}
            for h in hits:
                if h.negated:
                    continue
                for e in {entity_of[a] for m in match.owners(h) for a in m.anchors}:
                    group.setdefault(e, []).append(h)
            per_entity.append(group)
        for e in set.intersection(*(set(g) for g in per_entity)):
            groups = [g[e] for g in per_entity]
            if any(not h.weak for hs in groups for h in hs):
                out[e] = _closest(groups)
    match.said[point.index] = out
    return out


def _swapped(match: _Match, point: CompiledPoint) -> tuple[list[_Hit], list[_Mention]] | None:
    """Return the evidence when a comparison answer exchanged this point's property.

    "Security groups are stateless, NACLs are stateful": the point `@security group ;
    stateful` finds its predicate said of the NACL, and the NACL's own point (`@NACL ;
    stateless`) finds its predicate said of security groups. Properties traded between the
    compared entities are a mistake about both, not an omission; a property merely said of
    the other entity (both may share it) contradicts nothing, and neither does a swap whose
    other half is right (the other entity's point covered).
    """
    card = match.card
    rule = point.match
    if not card.entity_of or rule is None or rule.anchor is None:
        return None
    own = card.entity_of[rule.anchor]
    said = _said_of(match, point)
    if own in said:
        return None
    for other, hits in said.items():
        if other == own:
            continue
        for q in card.points:
            if q is point or q.match is None or q.match.anchor is None:
                continue
            if card.entity_of[q.match.anchor] != other:
                continue
            if own in _said_of(match, q) and _judge(match, q).status is not PointStatus.COVERED:
                mentions = [
                    m for m in match.mentions if other in {card.entity_of[a] for a in m.anchors}
                ]
                return hits, mentions
    return None


def _stated_opposite(match: _Match, point: CompiledPoint) -> PointResult | None:
    """Contradict a point whose text's own property is reversed in the answer.

    "It is stateful and free" answered "it's stateless and billed per GB": the match rule may be
    satisfied by other words ("route ::/0"), but the answer says the opposite of what the point
    states, and never the property itself. Deck authors rarely write `not:` rules for every
    antonym, so the built-in opposites and counts ("one" vs "multiple") are checked here.
    """
    for own, opposite in point.stated:
        if opposite.anchor is None and match.card.attribute:
            # On a comparison card a property with no subject could be about either entity.
            continue
        found, _ = _evaluate(match, opposite)
        if not found.all_positive():
            continue
        said, _ = _evaluate(match, own)
        if said.all_positive() or any(said.negated):
            continue
        hits = _closest(found.positive)
        return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    return None


def _said_denied(match: _Match, point: CompiledPoint) -> PointResult | None:
    """Contradict a point when the answer asserts what its text denies.

    "They record metadata only, not packet contents" answered "they capture the full packet
    contents": the match rule may be met ("metadata"), but the answer states the very thing the
    point rules out. An answer that also negates it somewhere ("not the packet contents") is
    given the benefit of the doubt.
    """
    for rule in point.denied:
        if rule.anchor is None and match.card.attribute:
            continue
        found, _ = _evaluate(match, rule)
        if found.all_positive() and not any(found.negated):
            hits = _closest(found.positive)
            if _excepted(match, hits[0].start):
                continue
            return _result(match, point, PointStatus.CONTRADICTED, hits, found.anchor_mentions)
    return None


_BROAD = _wordset("across any every all global globally anywhere everywhere")
_LIMITED = _wordset("only just solely")
_SCOPE = _wordset("within in inside to on for per")


def _broad(text: str) -> bool:
    words = set(_phrase_words(text))
    return bool(words & _BROAD) and not words & _LIMITED


def _restricted(match: _Match, hits: list[_Hit]) -> bool:
    """Tell whether the evidence is limited to a narrow scope ("only unique within your account").

    Checked for points whose text states a broad scope: "only" right before a scope preposition
    in the clause of the evidence says the opposite of "across AWS".
    """
    t = match.text
    clauses = {t.clause[h.start] for h in hits}
    for j in range(len(t.words) - 1):
        if t.clause[j] in clauses and t.words[j] in _LIMITED and not t.negated[j]:
            nxt = t.words[j + 1 : j + 3]
            if nxt and (nxt[0] in _SCOPE or (len(nxt) > 1 and nxt[1] in _SCOPE)):
                return True
    return False


def _asserted_absent(match: _Match, point: CompiledPoint) -> PointResult | None:
    """Contradict a point when the answer says that what its text negates is needed or had.

    "A private subnet has no route to the internet gateway" answered "a private subnet also has
    a route to the internet gateway": the `~` group may be filled by other words of the answer
    ("not reachable"), but the answer states the very thing the point rules out, as a `not:`
    rule would have caught. The other groups must be met in the same sentence.
    """
    rule = point.match
    if rule is None or not any(g.absent for g in rule.groups):
        return None
    per_group = _rule_hits(match, rule.groups)
    sent = match.text.sent
    attributed = rule.anchor is not None and match.card.attribute
    for gi, group in enumerate(rule.groups):
        if not group.absent:
            continue
        for h in per_group[gi]:
            if not h.negated:
                continue
            if attributed and not any(rule.anchor in m.anchors for m in match.owners(h)):
                continue
            if any(m.start < h.end and h.start < m.end for m in match.mentions):
                continue  # Part of an entity's name ("Transit Gateway" is not "transitive").
            s = sent[h.start]
            others = [
                [x for x in hits if sent[x.start] == s]
                for j, hits in enumerate(per_group)
                if j != gi
            ]
            if all(others):
                mentions = match.mentions_of(rule.anchor) if attributed else []
                hits = [h, *(o[0] for o in others)]
                return _result(match, point, PointStatus.CONTRADICTED, hits, mentions)
    return None


_NECESSITY = _wordset("always must required mandatory")
_NECESSITY_VERBS = _wordset("have has need needs")
# "needs an open port", "requires SSH keys": the object is said to be necessary.
_NEED_VERBS = _wordset("need needs needed require requires requiring")
_POSSESSION = _wordset("has have had with")


# Words that open a modifier of a negated phrase rather than continue it ("no outbound rule
# for replies to allowed inbound traffic": the replies and inbound traffic are not denied).
_MODIFIER_OPENERS = _wordset(
    "for when if because so since unless after before during once while until as"
)


def _absent_keys(t: _Text) -> frozenset[str]:
    """Return the keys of what a point's text says is absent, up to a modifier or contrast."""
    negated = _list_negated(t)
    out = set()
    stopped = False
    for j, w in enumerate(t.words):
        if t.negator[j] == NEGATION:
            stopped = False
        elif w in _MODIFIER_OPENERS:
            stopped = True
        if negated[j] and not stopped:
            out.add(t.keys[j])
    return frozenset(out)


def _list_negated(t: _Text) -> list[bool]:
    """Return which words a negation reaches, over the rest of its list as well.

    "no inbound ports, public IP or SSH keys": up to a contrast ("but", "whereas") or the end
    of the sentence.
    """
    negated = list(t.negated)
    reach = False
    for j, w in enumerate(t.words):
        if j and t.sent[j] != t.sent[j - 1] or w in _CLAUSE_WORDS:
            reach = False
        reach = reach or t.negator[j] == NEGATION
        negated[j] = negated[j] or reach
    return negated


def _required(t: _Text, start: int, verbs: frozenset[str] = _NEED_VERBS) -> bool:
    """Tell whether a word is said to be necessary ("must", "needs", "have to" before it)."""
    j = start - 1
    while j >= 0 and j >= start - 6 and t.clause[j] == t.clause[start]:
        w = t.words[j]
        if (
            w in _NECESSITY
            or w in verbs
            or (w == "to" and j > 0 and t.words[j - 1] in _NECESSITY_VERBS and not t.negated[j - 1])
        ):
            return not t.negated[j]
        j -= 1
    return False


def _excepted(match: _Match, start: int) -> bool:
    """Tell whether a word follows an exception ("except", "exempt") in its clause or sentence."""
    t = match.text
    j = start - 1
    while j >= 0 and t.sent[j] == t.sent[start]:
        if t.words[j] in _EXCEPTION:
            return True
        j -= 1
    return False


def _owned_by(match: _Match, hit: _Hit, anchor: int, point: CompiledPoint, slot: Slot) -> bool:
    """Tell whether a hit may be said of a rule-less point's subject (or an entity it names).

    A hit in a sentence naming no entity ("it has a route to an internet gateway") may be, but
    not for a slot the point negates: an unattributed "has a route" denies no one's "no route".
    """
    owners = match.owners(hit)
    if not owners:
        return not slot.free
    return any(anchor in m.anchors or m.anchors & point.slot_objects for m in owners)


def _fills(point: CompiledPoint, filled: Iterable[int], extra: float = 0.0) -> bool:
    """Tell whether the filled slots cover the point (`extra` more weight for two sentences)."""
    return _slot_weight(point.slots, filled) >= point.slot_need + extra


def _check_fallback(match: _Match, point: CompiledPoint) -> PointResult:
    """Judge a point without rules by how much of its derived slots one sentence fills.

    Slots are filled by hits of the same polarity as the point's text (either polarity for a
    word the point itself negates); on a comparison card the hits must be said of the point's
    subject. A sentence that would cover the point only if its negated hits counted
    contradicts it.
    """
    if not point.slots:
        return _result(match, point, PointStatus.MISSED, [], [])
    t = match.text
    anchor = point.slot_anchor if match.card.attribute else None
    agree: dict[int, dict[int, _Hit]] = {}
    disagree: dict[int, dict[int, _Hit]] = {}
    opens, named = match.clause_topics() if point.opening >= 0 else ({}, {})
    found: list[tuple[int, _Hit, bool]] = []
    for j, slot in enumerate(point.slots):
        for phrase in slot.group.phrases:
            for h in match.find(phrase.keys):
                if anchor is not None and not _owned_by(match, h, anchor, point, slot):
                    continue
                c = t.clause[h.start]
                if opens.get(c, point.opening) != point.opening and point.opening not in named[c]:
                    # Said in a clause about another point's subject, which never names this
                    # point's: "Subnets are the isolated networks" is no word about the VPC.
                    continue
                found.append((j, h, _stand_in((phrase.keys,))))
    # One answer word fills one slot, longer phrases first: "internet gateway" is not also
    # the point's other "internet". An initialism fills every word of its term.
    # The subject takes what no other slot wants ("public" of "A public NAT gateway sits in a
    # public subnet").
    found.sort(
        key=lambda f: (
            f[1].start - f[1].end,
            point.slots[f[0]].part == _SUBJECT_PART,
            f[0],
            f[1].start,
        )
    )
    used: set[int] = set()
    for j, h, whole in found:
        span = range(h.start, h.end)
        if not whole and not used.isdisjoint(span):
            continue
        slot = point.slots[j]
        s = t.sent[h.start]
        if slot.inverted:
            target = agree if h.negated else disagree
        elif slot.free and not h.negated and _required(t, h.start):
            # "without assuming a role" answered "you always have to assume a role".
            target = disagree
        else:
            target = agree if slot.free or not h.negated else disagree
        if j in target.get(s, ()):
            continue
        target.setdefault(s, {})[j] = h
        if not whole:
            used.update(span)
    mentions = match.mentions_of(anchor) if anchor is not None else []
    for s in sorted(agree):
        hits = agree[s]
        if _fills(point, hits):
            status = PointStatus.COVERED
            if point.broad and _restricted(match, list(hits.values())):
                status = PointStatus.CONTRADICTED
            return _result(match, point, status, list(hits.values()), mentions)
    for s in sorted(agree):
        if s + 1 not in agree:
            continue
        hits = {**agree[s + 1], **agree[s]}
        if _fills(point, hits, FALLBACK_PAIR_EXTRA):
            status = PointStatus.COVERED
            if point.broad and _restricted(match, list(hits.values())):
                status = PointStatus.CONTRADICTED
            return _result(match, point, status, list(hits.values()), mentions)
    for s in sorted(disagree):
        both = {**disagree[s], **agree.get(s, {})}
        if _fills(point, both):
            return _result(
                match, point, PointStatus.CONTRADICTED, list(disagree[s].values()), mentions
            )
    return _result(match, point, PointStatus.MISSED, [], [])


# ---------------------------------------------------------------------------------------------
# Public API


def score_points(points: Sequence[PointResult]) -> float:
    """Return weighted covered minus half the weighted contradicted, clamped to [0, 1]."""
    total = sum(p.weight for p in points)
    if total <= 0:
        return 0.0
    covered = sum(p.weight for p in points if p.status is PointStatus.COVERED)
    contradicted = sum(p.weight for p in points if p.status is PointStatus.CONTRADICTED)
    return min(1.0, max(0.0, (covered - 0.5 * contradicted) / total))


def suggest_rating(points: Sequence[PointResult], core: Sequence[bool] = ()) -> Rating:
    """Suggest a rating: Easy ≥ 0.95, Good ≥ 0.70, Hard ≥ 0.40, capped at Hard when wrong.

    Any contradicted point, or a missed `{core}` point (`core[i]` for `points[i]`), caps the
    suggestion at Hard: a wrong answer must never teach the scheduler it was known.
    """
    if not points:
        return Rating.AGAIN
    score = score_points(points)
    contradicted = any(p.status is PointStatus.CONTRADICTED for p in points)
    core_flags = list(core) + [False] * (len(points) - len(core))
    core_lost = any(
        flag and p.status is not PointStatus.COVERED
        for p, flag in zip(points, core_flags, strict=False)
    )
    if score >= 0.95 and not contradicted and not core_lost:
        rating = Rating.EASY
    elif score >= 0.70:
        rating = Rating.GOOD
    elif score >= 0.40:
        rating = Rating.HARD
    else:
        rating = Rating.AGAIN
    if contradicted or core_lost:
        rating = min(rating, Rating.HARD)
    return rating


def grade(card: CompiledCard, answer: str) -> Verdict:
    """Grade `answer` against a compiled card."""
    if not card.points or is_non_answer(answer):
        points = tuple(
            PointResult(p.index, p.text, PointStatus.MISSED, p.weight) for p in card.points
        )
        return Verdict(card.card_id, 0.0, Rating.AGAIN, points)
    match = _Match(card, answer)
    points = tuple(_check_point(match, p) for p in card.points)
    return Verdict(
        card.card_id,
        score_points(points),
        suggest_rating(points, [p.core for p in card.points]),
        points,
    )


def derives_points(card: Card) -> bool:
    """Tell whether `card` is graded against key points derived from its answer (approximate)."""
    return bool(derive_key_points(card))


def check(card: Card, answer: str, glossary: Glossary = ()) -> Verdict:
    """Grade a typed answer against the card's key points, with evidence per point.

    A card without key points is graded against points derived from its model answer
    (`derive_key_points`; `derives_points` tells). One with neither key points nor an answer
    to derive them from gets a verdict with no points, score 0 and rating Again as a
    placeholder: there is nothing to grade, so the study screen asks the learner to rate
    themselves (`not verdict.points`).
    """
    return grade(compile_card(card, glossary), answer)
