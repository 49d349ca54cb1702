"""Statistical-software commands read as the planner's own formula wording.

Analysts type the command they would run: Stata's `reg y x z, robust`, `logit y x z`,
`ivreg2 y w (x = z)`, `teffects psmatch (y) (t w1 w2)`; statsmodels' `smf.logit("y ~ x + z",
data=df).fit()`; linearmodels' `IV2SLS.from_formula("y ~ 1 + w + [x ~ z]", df)`. Each is
rewritten into the formula the planner reads ("y ~ x + z | instrument") with the estimator said
in words ("using matching"), so one reader (`intents._structured`) serves every notation.
"""

from __future__ import annotations

from copilot.agents import patterns as re

_NAME = r"(?:[A-Za-z]+\.)?[A-Za-z_][\w]*"  # a variable, with a Stata factor prefix (i.x, c.x)
_NAMES = rf"{_NAME}(?:\s+{_NAME})*"
#: Words of English that end a list of variables: "regress churn on discount" is a sentence.
_PROSE = {
    "on", "of", "for", "with", "and", "the", "a", "an", "to", "by", "in", "as", "is", "what",
    "how", "effect", "impact", "using", "use", "please", "vs", "versus", "against", "then",
}  # fmt: skip
#: Stata regression commands and the estimator words the planner reads for them.
_REGRESSIONS = {
    "reg": "",
    "regress": "",
    "areg": "",
    "ols": "",
    "logit": "using a logistic model",
    "logistic": "using a logistic model",
    "probit": "using a logistic model",
}
#: teffects estimators and the planner's words for them.
_TEFFECTS = {
    "psmatch": "using propensity score matching",
    "nnmatch": "using matching",
    "ipw": "using inverse propensity weighting",
    "aipw": "using the doubly robust estimator",
    "ipwra": "using the doubly robust estimator",
    "ra": "using regression",
}
#: statsmodels/linearmodels formula functions whose name says the estimator.
_FORMULA_FUNCS = {"logit": "using a logistic model", "probit": "using a logistic model"}
#: A clause start: the start of the question or of a sentence, after a colon or semicolon, or
#: after "run"/"try" ("I'm new to this data. reg y x z", "please run: teffects ...").
_LEAD = r"(?:^|(?<=[.!?])\s+|[:;]\s*|\b(?:run|try|do|fit|estimate)\s+)"


def _bare(name: str) -> str:
    return re.sub(r"^[A-Za-z]+\.", "", name)


def _names(text: str) -> list[str]:
    return [_bare(n) for n in text.split()]


def _formula(y: str, rhs: list[str], instruments: list[str] = (), words: str = "") -> str:
    seen: list[str] = []
    for n in rhs:
        if n not in seen and n != y:
            seen.append(n)
    out = f"{y} ~ {' + '.join(seen)}"
    if instruments:
        out += f" | {' + '.join(instruments)}"
    return f"{out}, {words}" if words else out


def _prose(names: list[str]) -> bool:
    return any(n.lower() in _PROSE for n in names)


def _stata_regression(q: str, names_of_columns: frozenset[str]) -> str:
    m = re.search(_LEAD + rf"(?P<cmd>{'|'.join(_REGRESSIONS)})\s+(?P<vars>{_NAMES})", q, re.I)
    if not m:
        return q
    said = m.group("vars").split()
    cut = next((i for i, n in enumerate(said) if n.lower() in _PROSE), len(said))
    names = [_bare(n) for n in said[:cut]]
    if len(names) < 2 or cut < len(said) and said[cut].lower() in ("on", "of", "against"):
        return q  # "regress churn on discount" is read as a sentence
    if not {_norm(n) for n in names[:2]} <= names_of_columns:
        return q  # "logit lens over the layers": a command only when it names columns
    rest = " ".join(said[cut:]) + q[m.end() :]
    # "areg y x w, absorb(group)": the absorbed fixed effects are controls too
    names += [_bare(n) for n in re.findall(r"\babsorb\(\s*(\w[\w.]*)\s*\)", rest)]
    rest = re.sub(r"^\s*,\s*(?:[\w]+(?:\([\w ]*\))?\s*)+", "", rest).strip()  # Stata options
    lead = m.group(0)[: m.group(0).lower().find(m.group("cmd").lower())]
    lead = "fit " if lead.strip(" :;") else lead  # "can you run reg y x": a model to fit
    formula = _formula(names[0], names[1:], words=_REGRESSIONS[m.group("cmd").lower()])
    return f"{q[: m.start()]}{lead}{formula} {rest}".strip()


def _phrase_columns(text: str, columns: tuple[str, ...]) -> list[str]:
    """The columns a run of words names: one column, or several said one after another."""
    from copilot.agents.columns import match_column, segment_columns

    text = text.strip()
    if not text:
        return []
    one = match_column(text, columns)
    return segment_columns(text, columns) or ([one.column] if one.column else [])


def _all_names(text: str, columns: tuple[str, ...]) -> bool:
    """Whether every word of `text` is a column's name (a command typed in Stata's own syntax)."""
    names = {_norm(c) for c in columns}
    return all(_norm(_bare(w)) in names for w in text.split())


def _stata_iv_in_words(q: str, columns: tuple[str, ...]) -> str:
    """`ivregress 2sls hba1c 12m (device use = rand arm) base a1c`: the command with its
    variables said in words, read when every part names columns."""
    m = re.search(
        _LEAD + r"(?:xt)?(?:ivreg2?|ivregress\s+(?:2sls|gmm|liml)|ivprobit)\s+"
        r"(?P<y>[^()=,;?]+?)\s*\(\s*(?P<x>[^()=]+?)\s*=\s*(?P<z>[^()=]+?)\s*\)"
        r"(?P<post>[^(),;?]*)(?:,\s*[\w() ]*)?",
        q,
        re.I,
    )
    if not m or not columns or _all_names(" ".join(m.group("y", "x", "z", "post")), columns):
        return q  # Stata's own syntax, one variable a word
    y = _phrase_columns(m.group("y"), columns)
    x = _phrase_columns(m.group("x"), columns)
    z = _phrase_columns(m.group("z"), columns)
    w = _phrase_columns(m.group("post"), columns)
    if len(y) != 1 or not x or not z or (m.group("post").strip() and not w):
        return q
    return (q[: m.start()] + _formula(y[0], x + w, z) + q[m.end() :]).strip()


def _teffects_in_words(q: str, columns: tuple[str, ...]) -> str:
    """`teffects ipw (claim filed) (telematics drvr age prior claims)`: the command with its
    variables said in words; the treatment's bracket names the treatment first, then controls."""
    m = re.search(
        _LEAD + rf"teffects\s+(?P<est>{'|'.join(_TEFFECTS)})\s*"
        r"\(\s*(?P<y>[^(),]+?)\s*(?:,\s*\w+)?\s*\)\s*\(\s*(?P<t>[^(),]+?)\s*(?:,\s*\w+)?\s*\)"
        r"\s*(?:,\s*[\w() ]*)?",
        q,
        re.I,
    )
    if not m or not columns or _all_names(m.group("y") + " " + m.group("t"), columns):
        return q  # Stata's own syntax: outcome and treatment each with their covariates
    y, t = _phrase_columns(m.group("y"), columns), _phrase_columns(m.group("t"), columns)
    if len(y) != 1 or not t:
        return q
    words = _TEFFECTS[m.group("est").lower()]
    return (q[: m.start()] + _formula(y[0], t, words=words) + q[m.end() :]).strip()


def _stata_iv(q: str) -> str:
    m = re.search(
        _LEAD + r"(?:xt)?(?:ivreg2?|ivregress\s+(?:2sls|gmm|liml)|ivprobit)\s+"
        rf"(?P<y>{_NAME})(?P<pre>(?:\s+{_NAME})*)\s*\(\s*(?P<x>{_NAMES})\s*=\s*(?P<z>{_NAMES})\s*\)"
        rf"(?P<post>(?:\s+{_NAME})*)\s*(?:,\s*[\w() ]*)?",
        q,
        re.I,
    )
    if not m:
        return q
    y, x, z = _bare(m.group("y")), _names(m.group("x")), _names(m.group("z"))
    w = _names(m.group("pre")) + _names(m.group("post"))
    if _prose([y, *x, *z, *w]):
        return q
    lead = (
        "fit "
        if re.match(r"\s*\w", m.group(0)) and not re.match(r"(?i)\s*(?:xt)?iv", m.group(0))
        else ""
    )
    return (q[: m.start()] + lead + _formula(y, x + w, z) + q[m.end() :]).strip()


def _teffects(q: str) -> str:
    m = re.search(
        _LEAD + rf"teffects\s+(?P<est>{'|'.join(_TEFFECTS)})\s*"
        rf"\(\s*(?P<y>{_NAME})(?P<ycov>(?:\s+{_NAME})*)\s*(?:,\s*\w+)?\s*\)\s*"
        rf"\(\s*(?P<t>{_NAME})(?P<tcov>(?:\s+{_NAME})*)\s*(?:,\s*\w+)?\s*\)\s*(?:,\s*[\w() ]*)?",
        q,
        re.I,
    )
    if not m:
        return q
    y, t = _bare(m.group("y")), _bare(m.group("t"))
    covs = _names(m.group("ycov")) + _names(m.group("tcov"))
    words = _TEFFECTS[m.group("est").lower()]
    return (q[: m.start()] + _formula(y, [t, *covs], words=words) + q[m.end() :]).strip()


def _formula_call(q: str) -> str:
    """`smf.logit("y ~ x", data=df).fit()`, `IV2SLS.from_formula('y ~ 1 + w + [x ~ z]', df)`:
    the quoted formula, its constant dropped and a bracketed first stage read as instruments."""
    m = re.search(
        r"\b(?P<func>[\w.]+)\(\s*(?P<quote>[\"'])(?P<f>[^\"']*~[^\"']*)(?P=quote)[^()]*\)"
        r"(?:\s*\.\s*\w+\([^()]*\))*",
        q,
    )
    if not m:
        return q
    f = m.group("f")
    instruments: list[str] = []
    stage = re.search(r"\[\s*(?P<x>[^~\]]+?)\s*~\s*(?P<z>[^\]]+?)\s*\]", f)
    if stage:
        instruments = [s.strip() for s in stage.group("z").split("+") if s.strip()]
        f = f[: stage.start()] + f[stage.end() :]
    y, _, rhs = f.partition("~")
    terms = [s.strip() for s in re.split(r"\+", rhs.split("|")[0]) if s.strip()]
    if stage:
        terms = [stage.group("x").strip(), *terms]  # the instrumented variable is the treatment
    terms = [t for t in terms if t not in ("0", "1", "-1")]
    ivs = [s.strip() for s in re.split(r"\+", rhs.partition("|")[2]) if s.strip()]
    words = _FORMULA_FUNCS.get(m.group("func").split(".")[-1].lower(), "")
    text = _formula(y.strip(), terms, instruments or [i for i in ivs if i not in terms], words)
    return (q[: m.start()] + text + q[m.end() :]).strip()


#: Keyword arguments of causal libraries' calls (DoWhy's CausalModel, EconML's fit) and the
#: planner's words for the role each names.
_ROLE_KEYWORDS = {
    "treatment": "treatment",
    "treatments": "treatment",
    "t": "treatment",
    "outcome": "outcome",
    "outcomes": "outcome",
    "y": "outcome",
    "common_causes": "controls",
    "confounders": "controls",
    "covariates": "controls",
    "controls": "controls",
    "ctrl": "controls",
    "ctrls": "controls",
    "adj": "controls",
    "w": "controls",
    "instruments": "instrument",
    "instrument": "instrument",
    "iv": "instrument",
    "z": "instrument",
    "effect_modifiers": "by",
    "mediators": "mediator",
    "mediator": "mediator",
}


def _fixest(q: str) -> str:
    """fixest's `feols(y ~ x + w | fe1 + fe2 | endo ~ inst, data)`: the fixed effects are controls
    and a third part is the first stage (its instruments)."""
    m = re.search(r"\b(?:feols|feglm|fepois|felm)\(\s*(?P<f>[^,()]*~[^,()]*)(?:,[^()]*)?\)", q)
    if not m:
        return q
    parts = [p.strip() for p in m.group("f").split("|")]
    y, _, rhs = parts[0].partition("~")
    terms = [t.strip() for t in rhs.split("+") if t.strip()]
    fe: list[str] = []
    instruments: list[str] = []
    for part in parts[1:]:
        if "~" in part:
            endo, _, inst = part.partition("~")
            terms = [e.strip() for e in endo.split("+") if e.strip()] + terms
            instruments += [i.strip() for i in inst.split("+") if i.strip()]
        else:
            fe += [f.strip() for f in part.split("+") if f.strip() and f.strip() != "0"]
    return (q[: m.start()] + _formula(y.strip(), terms + fe, instruments) + q[m.end() :]).strip()


def _python_options(q: str) -> str:
    """`method_name='backdoor.propensity_score_matching'`, `methods=['ipw', 'aipw']`: the
    estimators a Python call names, said in words."""
    q = re.sub(
        r"\bmethod_name\s*=\s*[\"'](?:[\w]+\.)*(?P<m>\w+)[\"']",
        lambda m: (
            "using "
            + ("dml" if "dml" in m.group("m").lower() else m.group("m").replace("_", " "))
            + (" estimation" if m.group("m").startswith("instrumental") else "")
        ),
        q,
    )
    q = re.sub(
        r"\bmethods\s*=\s*\[(?P<l>[^\]]*)\]",
        lambda m: "compare " + " and ".join(re.findall(r"[\"']([^\"']+)[\"']", m.group("l"))),
        q,
    )
    return re.sub(r"\bmethod\s*=\s*[\"'](?P<m>[\w\-]+)[\"']", r"using \g<m>", q)


def _keyword_call(q: str) -> str:
    """`CausalModel(data=df, treatment='x', outcome='y', common_causes=['a', 'b'])`,
    `LinearDML().fit(Y=df['y'], T=df['t'], W=df[['a', 'b']])`: the roles its keyword arguments
    name (and the estimator its class names), said as the planner reads them."""
    m = re.search(
        r"(?:\b\w+\(\)\s*\.\s*)?\b[\w.]+\((?P<args>(?:[^()]|\([^()]*\))*?\b(?:treatments?|outcomes?|T|Y|t|y)\s*="
        r"(?:[^()]|\([^()]*\))*)\)(?:\s*\.\s*\w+\([^()]*\))*",
        q,
    )
    if (
        not m
        and re.search(r"\btreatments?\s*=\s*[\"'\[]", q)
        and re.search(r"\boutcomes?\s*=\s*[\"'\[]", q)
    ):
        # keyword arguments without their call: "treatment='x', outcome='y', covariates=[...]"
        m = re.search(r"(?P<args>.*)", q)
    if not m:
        return q
    roles: dict[str, list[str]] = {}
    # a value: 'x', ['a', 'b'], df['x'], df[['a', 'b']] or df.x
    value = r"\[[^\]]*\]|[\"'][^\"']*[\"']|\w+\s*\[\[?[^\]]*\]?\]|\w+\.\w+"
    for key, val in re.findall(rf"\b(\w+)\s*=\s*({value})", m.group("args")):
        role = _ROLE_KEYWORDS.get(key.lower())
        if role:
            names = re.findall(r"[\"']([^\"']+)[\"']", val) or re.findall(r"^\w+\.(\w+)$", val)
            roles.setdefault(role, []).extend(names)
    if not (roles.get("treatment") and roles.get("outcome")):
        return q
    text = f"effect of {roles['treatment'][0]} on {roles['outcome'][0]}"
    # "method='dml'", already said in words inside the call ("using dml"), stays
    said_method = re.search(r"\busing\s+[\w .\-]+?(?=\s*[,)]|$)", m.group("args"))
    if said_method:
        text += f" {said_method.group(0).strip()}"
    estimator = re.search(r"\b(\w*(?:DML|DRLearner|Forest|IV)\w*)\(", m.group(0))
    if estimator:
        said = estimator.group(1)
        text += (
            " using a causal forest"
            if "Forest" in said
            else " using iv"
            if "IV" in said
            else " using double machine learning"
            if "DML" in said
            else " using the doubly robust estimator"
        )
    if roles.get("controls"):
        text += f" controlling for {', '.join(roles['controls'])}"
    if roles.get("instrument"):
        text += f", instrument: {roles['instrument'][0]}"
    if roles.get("mediator"):
        text += f", mediated through {roles['mediator'][0]}"
    if roles.get("by"):
        text += f", by {roles['by'][0]}"
    return (q[: m.start()] + text + q[m.end() :]).strip()


def _interaction(q: str) -> str:
    """`y ~ x * z` (or `x:z`, `x + x:z`): the treatment's effect by the groups of z."""
    m = re.search(r"~\s*(?P<rhs>[^~;?!,)\"'|]+)", q)
    if not m or not re.search(r"[*:]", m.group("rhs")):
        return q
    terms = [t.strip() for t in m.group("rhs").split("+") if t.strip()]
    first = re.split(r"\s*[*:]\s*", terms[0])[0]
    by = None
    keep = []
    for t in terms:
        parts = re.split(r"\s*[*:]\s*", t)
        if len(parts) == 2 and first in parts:
            by = parts[1] if parts[0] == first else parts[0]
            keep.append(first)
        else:
            keep.append(t)
    if by is None:
        return q
    rhs = " + ".join(dict.fromkeys(k for k in keep if k != by))
    end = m.end("rhs")
    tail = q[end:]
    close = tail.find(")") if "(" in q[: m.start()] else -1
    if close >= 0:  # inside a model call: the groups go after the call
        return f"{q[: m.start()]}~ {rhs}{tail[: close + 1]}, by {by}{tail[close + 1 :]}".strip()
    return f"{q[: m.start()]}~ {rhs}, by {by}{tail}".strip()


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def as_formula(question: str, columns: list[str] | tuple[str, ...] = ()) -> str:
    """`question` with a statistical-software command in it written as the planner's formula;
    a bare regression command (`reg y x z`) only when its first two names are `columns`."""
    # "summary(lm(y ~ x))", "coeftest(fit)": a call that only prints the model inside it
    q = re.sub(
        r"\b(?:summary|print|coef|coeftest|confint|tidy|display|modelsummary)\(\s*(.*~.*?)\s*\)\s*$",
        r"\1",
        question,
    )
    # commands with their variables said in words, before the readings of one variable a word
    q = _stata_iv_in_words(q, tuple(columns))
    q = _teffects_in_words(q, tuple(columns))
    for rewrite in (
        _python_options,
        _keyword_call,
        _fixest,
        _interaction,
        _formula_call,
        _teffects,
        _stata_iv,
    ):
        q = rewrite(q)
    return _stata_regression(q, frozenset(_norm(c) for c in columns))
