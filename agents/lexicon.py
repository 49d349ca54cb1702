"""The offline planner's vocabulary: names of methods, algorithms, tests and scores as analysts
write them, the words that name an analysis, and a small set of near-synonyms for words in column
names. Word lists, not phrasings: `copilot.agents.intents` combines them with direction cues.

To teach the planner a new algorithm (say a time-series one), add its spellings to ALGORITHMS;
a new estimator goes into METHODS, a new independence test into CI_TESTS. Names people use for
things this installation does not have go into the UNAVAILABLE_* tables, with the reason the
answer gives.
"""

from __future__ import annotations

import re

#: Discovery algorithms: regex of spellings -> the discover tool's name.
#: Numbers said in words, as both the what-if reader and the column-name folding read them
#: (each adds the few it needs beyond these).
NUMBER_WORDS: dict[str, str] = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twenty": "20",
}

ALGORITHMS: dict[str, str] = {
    r"direct[\s_-]*lingam": "direct_lingam",
    r"ica[\s_-]*lingam": "ica_lingam",
    r"lingam": "direct_lingam",
    r"cd[\s_-]*nod": "cdnod",
    r"fci": "fci",
    # "an algorithm that allows for latent confounders", "a method robust to hidden common causes":
    # the one search here that admits unmeasured common causes, said by what it allows
    r"(?:allow\w*|admit\w*|handl\w*|tolerat\w*|robust\s+to|cop\w*\s+with|deal\w*\s+with|"
    r"account\w*\s+for)\s+(?:for\s+)?"
    r"(?:(?:the\s+|possible\s+|some\s+|any\s+)?(?:latent|hidden|unobserved|unmeasured)\s+"
    r"(?:common\s+causes?|confounders?|confounding|variables?)|selection\s+bias)|"
    # ("there may be unmeasured common causes, so use an algorithm that allows for them")
    r"(?:latent|hidden|unobserved|unmeasured)\s+(?:common\s+causes?|confounders?|confounding|variables?)"
    r"[^?!]{0,120}?\b(?:allow\w*|admit\w*|handl\w*|tolerat\w*|robust\s+to|cop\w*\s+with|deal\w*\s+with|"
    r"account\w*\s+for)\s+(?:for\s+)?(?:them|those|that|it)\b": "fci",
    r"ges": "ges",
    r"grasp": "grasp",
    # (not a person: "my boss only cares about downtime", "the boss wants it by region")
    r"(?<!\bmy\s)(?<!\bour\s)(?<!\byour\s)(?<!\bhis\s)(?<!\bher\s)(?<!\btheir\s)boss"
    r"(?!\s+(?:wants?|says?|said|asks?|asked|thinks?|only|cares?|needs?|likes?|told|is|was|"
    r"would|will|keeps?)\b)": "boss",
    r"exact(?:\s+search)?|a[\s-]*star": "exact",
    r"pc(?:[\s-]*stable)?": "pc",
}
#: Discovery algorithms people name that the discover tool does not have.
UNAVAILABLE_ALGORITHMS: dict[str, str] = {
    r"notears": "NOTEARS",
    r"dagma": "DAGMA",
    r"golem": "GOLEM",
    r"mmhc|max[\s-]*min\s+hill[\s-]*climbing": "MMHC",
    r"hill[\s-]*climbing|tabu\s+search": "hill climbing",
    r"gies": "GIES",
    r"fges": "FGES",
    r"rfci": "RFCI",
}

#: Effect estimators: regex of spellings -> the estimate_effect tool's name.
METHODS: dict[str, str] = {
    r"\baipw\b|\ba-ipw\b|\bdr\b(?=[\s-]+(?:estimators?|estimates?|methods?|approach|learner)\b)|doubly[\s-]+robust|augmented\s+(?:inverse[\s-]+(?:probability|propensity)|ipw\b)": "aipw",
    r"double[\s/-]+(?:machine[\s-]+learning|ml)|\bdml\b|de-?biased[\s-]+(?:machine[\s-]+learning|ml)\b": "dml",
    r"\bmatch(?:ed|ing)?\s+on\s+(?:the\s+)?propensity(?:[\s-]+scores?)?|"
    r"propensity[\s-]+score[\s-]+matching|\bmatching\b|\bpsm\b|\bmatch(?:ed)?\b": "matching",
    r"inverse[\s-]+(?:probability|propensity)(?:[\s-]+(?:score|treatment))?[\s-]+weight\w*|"
    r"\bipw\b|\biptw\b|propensity[\s-]+(?:score[\s-]+)?weight(?:ing|s|ed)\b|\bweighting\b|"
    r"\bweight\w*\s+(?:\w+\s+){0,3}by\s+(?:the\s+|their\s+|its\s+)?inverse[\s-]+(?:of\s+(?:the\s+)?)?"
    r"(?:probability|propensity)": "weighting",
    # ("stratify by ward": subgroups by a column, not the propensity-score estimator)
    r"\bstratification\b|\bstratif(?:y|ied)\b(?!\s+(?:by|on|across|within|over)\s+(?!(?:the\s+)?"
    r"(?:propensit|ps\b|scores?\b)))|\bstrat\b|subclassification|"
    r"\bstratif(?:y|ied|ying)\s+(?:on|by)\s+(?:the\s+)?propensit(?:y|ies)(?:[\s-]+scores?)?": "stratification",
    r"\bglm\b|logistic[\s-]+(?:regression|model)|\blogit\b|\blog[\s.-]*reg\b": "glm",
    # ("compare IV and regression", "OLS vs IV": the bare letters name the estimator in a list of
    # estimators; elsewhere "the IV" is the instrument)
    r"\biv\b(?=\s*(?:,|/|and|vs\.?|versus|or|against)\s*(?:the\s+|plain\s+|simple\s+)?(?:ols|regression|"
    r"linear|matching|ipw|weighting|dml|aipw|glm|stratification|2sls|naive)\b)|"
    r"(?<=\bcompare\s)iv\b|(?<=\band\s)iv\b|(?<=\bvs\s)iv\b|(?<=\bvs\.\s)iv\b|(?<=\bversus\s)iv\b|"
    r"two[\s-]*stage[\s-]+least[\s-]+squares|\b2sls\b|\btsls\b|\bwald\b|"
    r"instrumental[\s-]+variables?\s+(?:estimat\w+|method|regression)": "iv",
    r"front[\s-]*door": "frontdoor",
    r"linear[\s-]+regression|\bregression\b|\bols\b|least[\s-]+squares|"
    r"linear[\s-]+probability[\s-]+model|\blpm\b|\blin(?:ear)?[\s.-]*reg\b\.?": "linear_regression",
}
#: Propensity scores named without the estimator that uses them ("with propensity scores", "a
#: propensity-score approach"): read as inverse propensity weighting, and said so.
BARE_PROPENSITY = (
    r"\b(?:with|using|use|via|through|from|based\s+on|an?|by)\s+(?:the\s+|estimated\s+)*"
    r"propensit(?:y|ies)(?:[\s-]+scores?)?(?:[\s-]+(?:approach|method|model|adjustment|analysis|"
    r"estimator|methods|methodology|design))?\b(?=\s*(?:[,;.?!)]|$|-+\s|\s(?:to|for|on|and|please|"
    r"with|of|in|instead|rather|here|this|then)\b))"
)
#: Other names for an instrument ("the offer as exogenous variation in who gets the drug"): read as
#: the word "instrument" before parsing.
INSTRUMENT_WORDS = (
    r"(?:(?:a|an|the)\s+)?(?:source\s+of\s+)?(?:exogenous|as[\s-]+good[\s-]+as[\s-]+random)\s+"
    r"(?:variation|shocks?|source|drivers?|assignment|push|nudge|shifters?|levers?)|(?:(?:a|the)\s+)?natural\s+experiment|"
    r"(?:(?:an?|the)\s+)?excluded\s+(?:instrument|variable)"
)
#: Model experiments people name that the probing tools do not have.
UNAVAILABLE_PROBING: dict[str, str] = {
    r"sparse\s+auto[\s-]*encoders?|\bsaes?\b": "sparse autoencoders (SAEs)",
    r"transcoders?|crosscoders?": "transcoders and crosscoders",
    r"causal\s+scrubbing": "causal scrubbing",
    r"\bacdc\b|automatic\s+circuit\s+discovery": "automatic circuit discovery (ACDC)",
    r"integrated\s+gradients?": "integrated gradients",
    r"saliency(?:\s+maps?)?": "saliency maps",
    r"\bshap\b|shapley\s+values?": "SHAP values",
    r"tuned\s+lens": "the tuned lens",
    r"distributed\s+alignment\s+search": "distributed alignment search",
    r"\brome\b|\bmemit\b|(?:model|knowledge|fact)\s+editing": "model editing (ROME, MEMIT)",
    r"fine[\s-]*tun(?:e|es|ed|ing)\b": "fine-tuning",
    # (MLPs as a whole are patched through the residual stream; single neurons are not units)
    r"\bneurons?\b": "single neurons",
}
#: The model experiments there are, as the answers name them.
PROBING_AVAILABLE = (
    "head ablation (zero, mean, resample, gate), head scores (induction, previous-token, "
    "duplicate-token, attention sink, gates, massive activations), activation patching "
    "(with attribution patching), path patching, the logit lens, steering and linear probes"
)
#: Estimators people name that estimate_effect does not have, with what to use instead.
UNAVAILABLE_METHODS: dict[str, str] = {
    r"\bbart\b|bayesian\s+additive(?:\s+regression\s+trees?)?": "BART",
    r"\btmle\b|targeted\s+maximum\s+likelihood": "TMLE",
    r"synthetic\s+control": "synthetic control",
    # "did" only as a method's name ("using DiD", "a did"), not the verb ("what it did to Y")
    r"diff(?:erence)?[\s-]*in[\s-]*diff(?:erence)?s?|(?:(?<=with )|(?<=using )|(?<=via )|(?<=by )|"
    r"(?<=use )|(?<=run )|(?<=try )|(?<=a )|(?<=the ))did\b(?!\s+(?:not|you|we|they|it|i|he|she)\b)|"
    r"\bdid(?=\s+(?:for|estimat\w*|analysis|design|model|approach|regression|method)\b)": (
        "difference-in-differences"
    ),
    r"regression\s+discontinuity|\brdd\b": "regression discontinuity",
    r"\b[stx][\s-]*learner\b": "meta-learners (S/T/X-learner)",
    r"g[\s-]*computation|g[\s-]*formula": "g-computation",
    r"causal\s+forests?|generalized\s+random\s+forests?|\bgrf\b": "causal forest",
    r"\bcem\b|coarsened\s+exact\s+matching": "coarsened exact matching",
    r"bayesian\s+structural\s+time[\s-]+series|\bbsts\b|causal\s*impact": "Bayesian structural "
    "time series (CausalImpact)",
    r"neural\s+net(?:work)?s?|deep\s+learning|\bmlp\b": "neural networks",
    r"gaussian\s+process(?:es)?(?:\s+regression)?": "Gaussian processes",
    r"bayesian\s+(?:belief\s+)?networks?": "Bayesian networks",
    r"structural\s+equation\s+model\w*|\bsem\b": "structural equation modelling",
    r"(?:regression|decision)\s+trees?|gradient[\s-]+boost\w*|\bxgboost\b": "tree-based models",
    r"entropy[\s-]+balanc\w*|\bebal\b|covariate\s+balancing\s+propensity\s+scores?|\bcbps\b": (
        "entropy and covariate balancing weights"
    ),
    r"\bcox\b(?:\s+(?:proportional[\s-]+hazards?|ph|regression|models?))?|proportional[\s-]+hazards?|"
    r"kaplan[\s-]+meier|survival\s+(?:analys[ie]s|models?|curves?)|time[\s-]+to[\s-]+event\s+(?:analys[ie]s|models?)": (
        "survival analysis (Cox models, Kaplan-Meier)"
    ),
}

#: Field terms for what the product estimates, read as its own words before parsing (a small
#: fixed lexicon of words, not of phrasings): regex -> replacement.
FIELD_TERMS: dict[str, str] = {
    # marketing: "the incrementality of the invite", "incremental lift on renewals"
    r"\bincrementality\b": "effect",
    # economics and epidemiology: the effect on the treated is an effect (the reply says the
    # estimate averages over every row, see UNAVAILABLE_OPTIONS)
    r"\b(?:the\s+)?(?:average\s+)?(?:treatment|effect)[\s-]+on[\s-]+(?:the[\s-]+)?treated\b": "the effect",
    # epidemiology: "crude vs adjusted (for Z)" asks how far adjusting moves the estimate
    r"\bcrude\s+(?:vs\.?|versus|v\.?|against|compared\s+(?:to|with))\s+adjusted\s+for\b": (
        "confounding check, adjusting for"
    ),
    r"\bcrude\s+(?:vs\.?|versus|v\.?|against|compared\s+(?:to|with))\s+adjusted\b": "confounding check",
    # "a control function approach": a two-stage instrumental-variable estimate
    r"\bcontrol[\s-]+functions?(?:\s+(?:approach|method|estimat\w*|model|regression))?\b": "IV",
    # economics: "under selection on observables", "assuming unconfoundedness": every other
    # measured column is a common cause of treatment and outcome
    r"\b(?:(?:under|assuming|with|by|via|using)\s+)?(?:selection[\s-]+on[\s-]+observables|"
    r"(?:conditional\s+)?unconfoundedness|conditional\s+ignorability)\b": "adjusting for everything else",
}
#: Options of an effect estimate that people name and the tool does not have: regex -> what the
#: reply says about them (they are not silently replaced by the default).
UNAVAILABLE_OPTIONS: dict[str, str] = {
    r"\b(?:average\s+)?(?:treatment|effect)[\s-]+on[\s-]+(?:the[\s-]+)?treated\b|\batt\b": (
        "the effect on the treated (ATT): estimates average over every row (the ATE)"
    ),
    r"\bcontrol[\s-]+functions?\b": (
        "a control function: the instrument is used by two-stage least squares (IV)"
    ),
    r"\bcalipers?\b": (
        "a caliper: matching pairs each unit with its nearest neighbour on the propensity score"
    ),
    r"\bbca\b|bias[\s-]+corrected(?:\s+and\s+accelerated)?|\bstudenti[sz]ed\s+(?:bootstrap\s+)?"
    r"(?:intervals?|cis?)\b": "BCa and studentized intervals: bootstrap intervals here are percentile intervals",
    r"\bone[\s-]+(?:sided|tailed)\b": "a one-sided test: p-values here are two-sided",
}


def unavailable_options(text: str) -> list[str]:
    """What `text` asks of an effect estimate that the tool has no option for."""
    return [note for p, note in UNAVAILABLE_OPTIONS.items() if re.search(p, text, re.I)]


#: Standard-error options people name (Stata's ", robust", statsmodels' cov_type): estimate_effect
#: has no such choice, its intervals come from the estimator (or its bootstrap).
STANDARD_ERRORS = (
    r"\b(?:(?:heteros[kc]edasticity|het)[\s-]+(?:robust|consistent)|robust|cluster(?:ed)?(?:[\s-]+robust)?|"
    r"huber[\s-]+white|white|sandwich|newey[\s-]+west|hac)\s+(?:ses?|s\.e\.s?|std\.?\s+errors?|"
    r"standard\s+errors?|errors|variances?|covariances?)\b|\bhc[0-3]\b|\bvce\s*\(\s*robust\s*\)|"
    r"\bcov_type\s*=\s*['\"]?hc[0-3]"
)

#: Conditional independence tests: regex -> the discover tool's name.
CI_TESTS: dict[str, str] = {
    r"\bkci\b|kernel(?:[\s-]+(?:ci|conditional\s+independence|based))?(?:\s+test)?|"
    # ("a nonparametric independence test", "a distribution-free CI test": the one test here that
    # assumes neither a distribution nor a linear relation)
    r"(?:non[\s-]*parametric|distribution[\s-]*free|assumption[\s-]*free)\s+(?:conditional\s+)?"
    r"(?:(?:in)?dependence\s+|ci\s+)?tests?": "kci",
    r"fisher(?:'?s)?[\s-]*z|\bfisherz\b|partial[\s-]+correlation|gaussian\s+(?:ci\s+)?test": "fisherz",
    # ("x2" is the chi-square only as a test: "fare x2" doubles the fare)
    r"chi[\s-]*(?:square[d]?|sq|2)|\bchisq\b|\bx2(?=\s+(?:ci\s+)?tests?\b)|"
    r"\b(?:with|using|use|w/?|via|by|test)\s+(?:an?\s+|the\s+)?x2\b": "chisq",
    r"\bg[\s-]*(?:test|square[d]?|squ\w*|sq|2)\b|\bgsq\b|likelihood[\s-]+ratio\s+test": "gsq",
}
#: Tests people name that the discover tool does not have.
UNAVAILABLE_CI_TESTS: dict[str, str] = {
    r"\brcit\b|\brcot\b": "RCIT/RCoT",
    r"\bhsic\b": "HSIC",
    r"\bcmi\b|conditional\s+mutual\s+information": "conditional mutual information",
    r"\bgcm\b|generali[sz]ed\s+covariance\s+measure": "GCM",
    r"mutual\s+information\s+test|\bmi\s+test\b": "mutual information",
    r"\bspearman\b": "Spearman correlation",
    r"\bd[\s-]*sep(?:aration)?\s+oracle\b": "d-separation oracle",
}

#: Head scores: regex -> the head_scores tool's name.
SCORES: dict[str, str] = {
    # ("the prefix-matching score" of Olsson et al. is the induction score)
    r"prefix[\s-]*match\w*": "induction",
    r"induction": "induction",
    r"previous[\s-]*(?:token|position)s?|prev[\s-]*tokens?|preceding\s+(?:token|position)s?|"
    r"(?:token|position|word)\s+(?:just\s+|right\s+|immediately\s+|directly\s+)?before|look(?:s|ing)?\s+back|"
    r"(?:look|attend)(?:s|ing)?\s+(?:one|a\s+single)\s+(?:token|position|step|word)\s+back|"
    r"one\s+(?:token|position|word)\s+back|"
    # "attend from each token to the one right before it"
    r"attend\w*\s+(?:from\s+(?:each|every|a)\s+(?:token|position)\s+)?to\s+the\s+(?:one|token|position)\s+"
    r"(?:right\s+|just\s+|immediately\s+|directly\s+)?before": "previous_token",
    r"dup(?:licate)?[\s-]*tok(?:en)?s?|repeated\s+(?:tokens?|words?)|earlier\s+copies|"
    # "when a word shows up for the second time", "a token that appears again"
    r"(?:word|token)s?\s+(?:that\s+|which\s+)?(?:shows?|showed|turns?|turned|pops?|popped)\s+up\s+"
    r"(?:again|twice|(?:for\s+)?(?:the\s+|a\s+)?second\s+time)|(?:word|token)s?\s+(?:that\s+|which\s+)?"
    r"(?:appears?|appeared|occurs?|occurred|comes?|came)\s+(?:up\s+)?(?:again|twice|(?:for\s+)?(?:the\s+|a\s+)?second\s+time)|"
    # "where the current token showed up before": an earlier occurrence of the same token
    r"(?:current|same)\s+(?:token|word)\s+(?:\w+\s+){0,3}(?:showed\s+up|appeared|occurred|was\s+seen|seen\s+"
    r"(?:earlier|before))|"
    r"earlier\s+occurrences?|previous\s+occurrences?": "duplicate_token",
    r"(?:attention\s+)?sinks?\b|first\s+(?:token|position|word)|(?:token|position)\s+(?:0|zero)\b|\bbos\b|"
    r"(?:beginning|start)\s+of\s+(?:the\s+)?(?:sequence|sentence|text|input|prompt|context)|start\s+token": (
        "attention_sink"
    ),
    # "what fraction of head gates are below 0.1?": the share of nearly closed gates
    r"gates?\s+(?:\w+\s+){0,2}(?:below|under|less\s+than|smaller\s+than|<)\s*0?\.1\b|"
    r"(?:nearly|almost|mostly|basically|practically|virtually|effectively|pretty\s+much)\s+(?:closed|shut)\s+"
    r"gates?|gates?\b[^?.]*\b(?:nearly|almost|mostly|basically|practically|virtually|effectively|pretty\s+much)"
    r"\s+(?:closed|shut)|gates?\s+(?:are|is|stay|remain)\s+(?:\w+\s+)?(?:closed|shut)\b": (
        "gate_below_0_1"
    ),
    r"gat(?:e|es|ing)\b(?!\s+(?:\w+\s+){0,2}(?:below|under|less\s+than|smaller\s+than|<)\s*0?\.1\b)": "gate",
    # ("weirdly huge numbers inside the model": activations said as numbers)
    r"massive\s+activations?|huge\s+activations?|outlier\s+(?:dimensions?|activations?)|"
    r"(?:huge|giant|enormous|gigantic|outsized|extreme|massive)\s+(?:numbers|values)|"
    # "activations that are absurdly large", "abnormally big activations"
    r"activations?\s+(?:that\s+|which\s+)?(?:are|get|grow|become)\s+(?:\w+ly\s+)?(?:large|big|huge)|"
    r"\w+ly\s+(?:large|big)\s+(?:activations?|values|numbers)": ("massive_activation"),
}
#: Behaviours measured by ablation and patching: regex -> the tools' name.
BEHAVIOURS: dict[str, str] = {
    r"induction|repeat\w*": "induction",
    r"associative\s+recall|\brecall\b|look[\s-]*up|key[\s-]*value": "recall",
    r"cop(?:y|ies|ied)\w*": "copy",
}
#: Ablation methods: regex -> head_ablation's `method`.
ABLATIONS: dict[str, str] = {
    # ("method mean", "method=mean": the argument typed as code)
    r"\bmethod\s*[=:]?\s*(?:mean|average)\b|"
    r"mean[\s-]+ablat\w*|ablat\w*\s+(?:[\w.,']+\s+){0,10}(?:with|by|to|using)\s+(?:the\s+|their\s+)?"
    r"(?:mean|average)\b|"
    r"replac\w*\s+(?:[\w.']+\s+){0,4}(?:outputs?|activations?)\s+(?:by|with)\s+(?:its|their|the|an?)\s+"
    r"(?:own\s+)?(?:mean|average)|(?:mean|average)[\s-]+(?:replacement|imputation|patching|method)|"
    # "ablate heads L0H1, L0H2 (mean)": the method in brackets after the ablation
    r"ablat\w*\b[^()]*\(\s*(?:mean|average)(?=\s*\))|"
    # "ablate {L0H0, L0H2} mean; metric prob": the method as an item of a list of settings
    # (also a path patching's sender: "path patch 0.0 -> 1.1, 1.2 mean")
    r"(?:(?<=ablat)|(?<=patch))\w*\b[^;]*?(?:[};\]]|\b\d\.\d|\bl\d+h\d+)\s*,?\s*(?:mean|average)"
    r"(?=\s*(?:[;,]|$))": "mean",
    r"resample[\s-]+ablat\w*|resampl\w*": "resample",
    # "close the sigmoid gate on head 1.2", "with its gate shut"
    # (the pattern opens with "\b", so each alternative keeps its own boundaries)
    r"\bmethod\s*[=:]?\s*gate\b|\bgate[\s-]+(?:ablat\w*|method)\b|"
    # ("abl L0H1 gate, recall": the method as an item of a list of settings)
    r"(?<=ablat)\w*\b[^;]*?(?:[};\]]|\b\d\.\d|\bl\d+h\d+)\s*,?\s*gate(?=\s*(?:[;,]|$))|"
    r"\b(?:clos|shut)\w*\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?gates?\b|"
    r"\bgates?\s+(?:closed|shut)\b": "gate",
    # ("abl L1H1 zero, recall": the method as an item of a list of settings)
    r"(?<=ablat)\w*\b[^;]*?(?:[};\]]|\b\d\.\d|\bl\d+h\d+)\s*,?\s*zero(?=\s*(?:[;,]|$))|"
    r"zero[\s-]+ablat\w*|zero\s+method|\bmethod\s*[=:]?\s*zero\b|(?:replac\w*|set\w*)\s+(?:[\w']+\s+){0,3}(?:with|to)\s+zeros?\b": "zero",
}
#: Metrics of the behaviour: regex -> head_ablation's `metric`.
METRICS: dict[str, str] = {
    r"logit[\s_-]*diff\w*": "logit_diff",
    r"\baccuracy\b|\bacc\b": "accuracy",  # "recall acc?"
    r"\bkl\b|kl[\s-]*divergence": "kl",
    r"\bloss\b|cross[\s-]*entropy": "loss",
    r"\bprobabilit\w+\b|(?<=metric)\s*[:=]?\s*prob\b|\bprob\s+(?:metric|of\s+the\s+(?:correct|right))"
    # "the prob drop on copy": a change said of the probability ("prob not" stays a hedge)
    r"|\bprob\s+(?:drops?|changes?|decreases?|falls?|shifts?)\b|\b(?:report|measure|track)\s+(?:the\s+)?prob\b": (
        "prob"
    ),
}

#: Words that mark the kind of analysis; misspellings of them are corrected before parsing
#: (only when the word is not part of a column name).
VOCABULARY = (
    "causing "
    "effect effects impact impacts influence influences affect affects affected cause causes "
    "caused causal mediate mediated mediator mediation instrument instruments instrumental "
    "control controlling controlled adjust adjusting adjusted confounded confounding confounder "
    "confounders regress regression estimate estimated discover describe relationship "
    "relationships between through missing values compare comparison depend depends happen "
    "happens increase increases decrease decreases double triple covariates covariate "
    "difference differ differs subgroup subgroups heterogeneity structure graph drivers "
    "outcome treatment significance bootstrap bootstrapped matching weighting stratification "
    "algorithm method methods heads attention induction ablate ablation steer steering probe "
    "analysis analyze analyse summarize summarise patching patch activation activations "
    "tracing steering probing heads scores machine propensity inverse probability explained "
    "explains forest random score instrument important importance grasp boss lingam "
    "directlingam cdnod notears dagma golem pcmci granger varlingam fisher kernel estimator "
    "estimators protective different differently estimation support supported available "
    "refutation refutations robustness suppose supposing imagine empty forecast explain "
    "answer result treat treats treated treating taking recall copy copying previous token sink "
    "sinks learning logistic overview summary which across change changes layer layers would "
    "whether except excluding everything"
).split()

#: Verbs and adjectives that stand for a column's idea in questions said with verbs ("do
#: borrowers who earn more...", "walking more", "live far from", "running the line faster",
#: "older buildings", "more faulty parts", "bring people in the door", "someone co-sign"): the
#: first word of each group is the column word, the rest say it with a verb or a degree.
VERB_SYNONYMS: list[set[str]] = [
    {"income", "earn", "earns", "earned", "earning"},
    # what a business or a plot earns is its revenue ("organic plots earn less": revenue_usd)
    {"revenue", "revenues", "earn", "earns", "earned", "earning"},
    {"steps", "walk", "walks", "walking", "walked"},
    {"distance", "far", "farther", "further", "commute", "commuting"},
    {"speed", "fast", "faster", "quicker", "slower", "pace"},
    {"built", "older", "newer", "construction"},
    {"defect", "defects", "defective", "faulty", "broken", "rejects"},
    {"footfall", "visitors", "door", "shoppers"},
    {"cosigner", "cosign", "cosigned", "guarantor"},
    {"bmi", "heavier", "heavy", "overweight", "obese", "lighter"},
]
#: Every word of VERB_SYNONYMS: a word that names a column through a verb or a degree.
VERB_WORDS = frozenset(w for group in VERB_SYNONYMS for w in group)

#: Clipped words of analysts' shorthand that the abbreviation rules of `copilot.agents.columns`
#: cannot read (three letters that keep a vowel, or letters not found in order): "wkly rev" for a
#: weekly revenue, "px" for a price, "missed pmts". Each maps to the word it stands for; column
#: words are then compared with that word as with any other.
SHORTHAND: dict[str, str] = {
    "rev": "revenue",
    "revs": "revenues",
    "px": "price",
    "pmt": "payment",
    "pmts": "payments",
    "avg": "average",
    "inc": "income",
    "num": "number",
    "hh": "household",
    "dur": "duration",
    "sev": "severity",
}

#: What an amount "per visit" is counted per (a shop's visit, a purchase, a shopper): an amount
#: said per one of them is the basket of one visit ("spend per visit" names `basket_eur`).
PER_VISIT_UNITS = frozenset(
    "visit trip purchase transaction order checkout shopper customer receipt visitor client "
    "guest buyer".split()
)

#: Words for opposite outcomes (each pair: the words of one side, the words of the other). A
#: question may name an outcome by its opposite ("churn" on a table that records
#: `renewed_subscription`, "failing" where a table records `passed`): the column of the other
#: side is read, and said to be the opposite, only when no column matches the word itself and
#: exactly one column matches the other side.
ANTONYMS: list[tuple[frozenset[str], frozenset[str]]] = [
    (
        frozenset(
            "churn churned churning attrition cancel cancelled canceled cancelling cancellation "
            "leave leaves leaving left quit quits quitting lapse lapses lapsed lapsing exit exited "
            "dropout".split()
        ),
        frozenset(
            "renew renewed renewal renewing retain retained retention stay stays staying stayed "
            "remain remains remaining remained keep keeps keeping kept".split()
        ),
    ),
    (frozenset("lose loss losing lost".split()), frozenset("gain gained gaining".split())),
    (frozenset("fail failed failing failure".split()), frozenset("pass passed passing".split())),
    (
        frozenset("die died dying death deaths mortality".split()),
        frozenset("survive survived surviving survival alive".split()),
    ),
    (frozenset("default defaulted defaulting".split()), frozenset("repaid repay repaying".split())),
    (
        frozenset("absence absences absent absenteeism".split()),
        frozenset("attendance attended present".split()),
    ),
]

#: Near-synonyms for words in column names (each group names one idea). Words are compared
#: after a light stemming, so inflections (readmission ~ readmitted) need no entry here.
SYNONYMS: list[set[str]] = [
    {
        "time",
        "duration",
        "days",
        "day",
        "hours",
        "hour",
        "hrs",
        "hr",
        "minutes",
        "minute",
        "length",
        "weeks",
        "long",
        "stay",
        "stays",
    },
    {"spend", "spending", "expenditure", "expense", "expenses", "outlay", "budget"},
    # punctuality is the share on time ("ontime_pct", "on_time_rate")
    {"punctuality", "punctual", "ontime", "timeliness"},
    # a timetable's headway is the wait between two vehicles of a route
    {"headway", "headways", "wait", "waits", "waiting", "interval"},
    # money said as what people do with it: a column in a currency or an amount ("basket_eur",
    # "monthly_amt_eur") is what "how much they spend / pay" measures
    {
        "spend",
        "spends",
        "spent",
        "spending",
        "pay",
        "pays",
        "paid",
        "paying",
        "eur",
        "usd",
        "gbp",
        "amt",
    },
    {"sales", "revenue", "income", "sell", "sells", "sold"},
    # years of education said as schooling ("each extra year of schooling": educ_yrs)
    {"education", "educ", "schooling", "educated"},
    {"price", "cost", "costs", "fee", "charge", "expense", "bill"},
    {"income", "salary", "earnings", "wage", "wages", "pay", "paid", "raise", "payrise"},
    {"score", "scores", "grade", "grades", "mark", "marks", "result", "results", "performance"},
    {"exam", "test", "examination", "assessment"},
    {"video", "videos", "lecture", "lectures", "watching"},
    {"drug", "medication", "medicine", "treatment", "therapy", "pill", "vaccine", "jab"},
    # a medical device said by what it does ("the monitor", "the wearable")
    {"device", "monitor", "monitors", "wearable", "wearables"},
    # a device used said as worn ("patients who actually wore the monitor")
    {"used", "wear", "wears", "wearing", "wore", "worn"},
    {"age", "old", "years", "older", "younger", "elderly", "aged"},
    {
        "churn",
        "attrition",
        "cancellation",
        "cancel",
        "leaving",
        "leave",
        "left",
        "quit",
        "quitting",
        "turnover",
        "exit",
        "departure",
        "resign",
        "resignation",
        # a policy not renewed
        "lapse",
        "lapses",
        "lapsed",
        "lapsing",
        # staying on said as its opposite ("keeps customers around"): the same column
        "around",
        "retain",
        "retained",
        "retaining",
        "retention",
    },
    # time in the job said by how new or experienced people are ("they're newer", "veterans")
    {
        "tenure",
        "seniority",
        "years",
        "experience",
        "experienced",
        "inexperienced",
        "newer",
        "newest",
        "veteran",
        "veterans",
        # a customer's tenure is the time since they signed up
        "signup",
        "joined",
    },
    # (a dairy's yield is its milk)
    {"yield", "crop", "harvest", "output", "production", "milk"},
    {"satisfaction", "sat", "happiness", "happier", "happy", "contentment", "morale"},
    {"overtime", "extra"},
    {"training", "course", "courses", "learning"},
    {"grade", "gpa"},
    {"visits", "visit", "traffic", "sessions", "footfall", "visitors", "visitor"},
    # the amount one visit brings: a basket, a cart, a ticket at the till
    {"basket", "cart", "checkout", "till"},
    {"ad", "ads", "advert", "adverts", "advertising", "marketing", "advertisement"},
    {"discount", "coupon", "promotion", "promo", "voucher", "rebate"},
    {"weight", "mass", "bmi"},
    {"rate", "share", "proportion", "ratio", "percentage"},
    # how many of a thing: "ticket volume" is the number of tickets
    {"count", "number", "num", "n", "volume"},
    # a trial's arm is the group a patient was randomised to
    {
        "arm",
        "randomised",
        "randomized",
        "randomisation",
        "randomization",
        "allocation",
        "allocated",
    },
    {"sleep", "rest"},
    # farm words: a cow's parity is its lactation number; pasture time is grazing time
    {"parity", "lactation", "lactations", "calvings"},
    {"pasture", "grazing", "graze", "grass", "turnout"},
    {"exercise", "workout", "training", "activity"},
    {"employees", "staff", "headcount", "workers"},
    {"temperature", "temp", "heat", "hotter", "warmer", "colder", "cooler", "hot", "warm", "cold"},
    {"delay", "delays", "delayed", "late", "lateness", "tardiness", "lag"},
    {"repeat", "again", "returning", "return", "recurring"},
    {"basket", "cart"},
    {"missed", "late", "overdue", "unpaid", "skipped"},
    {"daily", "day"},
    {"readmitted", "readmission", "back", "rehospitalised", "rehospitalized"},
    {"inflammation", "crp", "inflammatory"},
    {"output", "units", "throughput", "produced"},
    {"infection", "infected", "illness", "disease", "sickness", "sick"},
    {"smoker", "smoking", "smokes", "cigarettes", "tobacco"},
    {"rain", "rainfall", "precipitation"},
    {"tutoring", "tutor", "coaching", "tuition"},
    {"attendance", "presence", "attending"},
    {"size", "volume", "area", "big", "bigger", "large", "larger", "small", "smaller"},
    {"dose", "dosage"},
    # taking the pills as prescribed; leaving a study before its end
    {"adherence", "adher", "compliance", "compliant", "adherent"},
    {
        "discontinued",
        "discontinuation",
        "dropout",
        "dropouts",
        "withdrawal",
        "withdrew",
        "withdrawn",
    },
    {"loyalty", "retention"},
    # a programme completed said as finished ("finishing onboarding")
    {"completed", "complete", "completing", "completion", "finished", "finish", "finishing"},
    {"defaulted", "default", "delinquency"},
    {"fertilizer", "fertiliser", "nitrogen"},
    {"smoking", "smoker", "smokes", "cigarettes"},
    {"blood", "bp"},
    {"sex", "gender"},
    {"energy", "kwh", "electricity", "consumption"},
    {"emissions", "emission", "co2", "carbon"},
    {"bill", "bills", "invoice"},
    {"occupancy", "occ", "occupied"},
    {"employed", "employment", "work"},
    # (time out: "days lost to injury", "the days players lose")
    {"out", "miss", "missing", "absent", "absence", "sidelined", "lost", "lose", "loses", "losing"},
    # (what is lost: "the kilos members lose" for weight_loss_kg)
    {"loss", "losses", "lose", "loses", "lost", "losing"},
    {"previous", "prev", "prior", "before", "past", "earlier"},
    {"injured", "injury", "injuries", "hurt"},
    {"vibration", "vibrations", "shaking", "shake", "shakes", "vibrate", "vibrating"},
    # what customers say of a place: a rating, a review, its stars
    {"rating", "ratings", "review", "reviews", "stars"},
    {"insecurity", "insecure", "insec", "hunger", "hungry"},
    {"kids", "kid", "children", "child"},
    # the time a trip takes ("how many more minutes does the trip take": runtime_min)
    {"runtime", "trip", "journey"},
    # a vehicle said as what it is ("older cars" for veh_age_yrs)
    {"vehicle", "vehicles", "veh", "car", "cars"},
    # satisfaction measured as a net promoter score ("more satisfied (nps)")
    {"satisfaction", "satisfied", "nps", "promoter", "promoters"},
    # what a policyholder pays of a claim: the UK "excess", the US "deductible"
    {"excess", "deductible", "deductibles"},
    *VERB_SYNONYMS,
]

#: Nouns that may name the same things as another ("the trips" taken on hired bikes are its
#: rides): used only to offer both columns when a word names one of them as a modifier
#: (`avg_trip_min`) and the other by its head word (`rides_per_day`), never to choose one.
NEAR_NOUNS: list[set[str]] = [
    {"trip", "ride", "journey"},
]

#: Everyday words for the same kind of place or group as a category level ("the urban stores"
#: are the stores whose location is `city`; "city policies" those of the `Metro` territory): a
#: level is read from its synonyms too when no other level of its column is one of them.
LEVEL_SYNONYMS: list[set[str]] = [
    {"city", "urban", "metro", "metropolitan", "inner-city"},
    {"rural", "countryside"},
]

#: Short codes that column names use for a field's terms ("TX_ARM", "N_AE", "SBP_M6",
#: "CV_EVT_12M", "wau_pct", "arr_usd"), with the words they stand for: a phrase that says the
#: words ("adverse events", "systolic pressure", "the drug", "weekly active users") names the
#: code, and a phrase that says the code names a column that spells the words.
CODES: dict[str, tuple[str, ...]] = {
    # clinical trials
    # (the treated arm of a trial is its "active" arm)
    "tx": ("treatment", "treated", "active"),
    "trt": ("treatment", "treated", "active"),
    "rx": ("prescription", "drug", "medication"),
    "pbo": ("placebo",),
    "ae": ("adverse", "event"),
    "sae": ("serious", "adverse", "event"),
    "sbp": ("systolic", "blood", "pressure"),
    "dbp": ("diastolic", "blood", "pressure"),
    "bp": ("blood", "pressure"),
    "cv": ("cardiovascular", "cardiac", "heart"),
    "mi": ("myocardial", "infarction", "heart", "attack"),
    "bl": ("baseline",),
    "fu": ("follow", "followup"),
    "disc": ("discontinued", "discontinuation"),
    "los": ("length", "stay"),
    # software and subscriptions
    "wau": ("weekly", "active", "users"),
    "dau": ("daily", "active", "users"),
    "mau": ("monthly", "active", "users"),
    "arr": ("annual", "recurring", "revenue"),
    "mrr": ("monthly", "recurring", "revenue"),
    "acv": ("annual", "contract", "value"),
    "ltv": ("lifetime", "value"),
    "clv": ("customer", "lifetime", "value"),
    "frt": ("first", "response", "time"),
}

#: Concepts people ask to have explained ("what is a confounder?"): regex of the names -> the
#: answer in words, with a question that uses the concept on the loaded data.
#: Words of a column name that say it is something done to the units (a programme, an offer,
#: a device), so a treatment rather than an outcome: a follow-up's new column of the same kind as
#: both roles replaces the treatment when its name says one and the outcome's does not ("no, I
#: meant the childcare subsidy" after the EITC's effect on employment).
INTERVENTION_WORDS = frozenset(
    "sub subsidy subsidies prog program programme offer drug grant lane app promo sms training "
    "counseling counselling maintenance coaching tutor tutoring reminder discount campaign policy "
    "bonus treatment therapy intervention voucher physio vaccine vaccinated thermo smart arm "
    "assigned cosigner newsletter elig eligible eligibility".split()
)

CONCEPTS: dict[str, str] = {
    r"confounders?|confounding(?:\s+variables?)?|common\s+causes?": (
        "A confounder is a variable that causes both the treatment and the outcome, so a plain "
        "comparison mixes its influence into the effect; adjusting (controlling) for it removes "
        "that bias. Ask e.g. 'is the effect of X on Y confounded?' for the naive and adjusted "
        "estimates side by side."
    ),
    r"mediators?|mediation(?:\s+analysis)?|mediating\s+variables?": (
        "A mediator is a variable on the path from the treatment to the outcome (X -> M -> Y): "
        "the total effect splits into a direct part and an indirect part that goes through M. "
        "Ask e.g. 'how much of X's effect on Y goes through M?'."
    ),
    r"instruments?|instrumental\s+variables?|an?\s+iv|ivs?": (
        "An instrument is a variable that moves the treatment, affects the outcome only through "
        "it and shares no cause with the outcome; it identifies the effect even when confounders "
        "are not measured. Ask e.g. 'effect of X on Y with Z as instrument'."
    ),
    r"ate|average\s+(?:treatment|causal)\s+effects?": (
        "The average treatment effect (ATE) is the mean change in the outcome if everyone got "
        "the treatment rather than no one (for a numeric treatment: one unit more). Ask e.g. "
        "'what is the effect of X on Y?'."
    ),
    r"colliders?": (
        "A collider is a variable caused by two others (X -> C <- Y): adjusting for it creates an "
        "association that is not causal, so it must not be controlled for. Discovery shows "
        "colliders in the graph ('what is the causal graph?')."
    ),
    r"back[\s-]?door(?:\s+(?:paths?|criterion|adjustment))?": (
        "A backdoor path is a non-causal path from the treatment to the outcome that starts with "
        "an arrow into the treatment (through a common cause); adjusting for a set of variables "
        "that blocks every such path identifies the effect. Estimates here say which set they "
        "adjusted for."
    ),
    r"propensity(?:\s+scores?)?": (
        "The propensity score is each unit's probability of getting the treatment given its "
        "covariates; matching, weighting (IPW) and stratification use it to compare like with "
        "like. Ask e.g. 'effect of X on Y using matching'."
    ),
    r"refutations?(?:\s+tests?)?|robustness\s+(?:checks?|tests?)|placebo\s+tests?": (
        "Refutation tests check an estimate: a placebo treatment should give no effect, and an "
        "added random common cause or a subset of the data should leave it about the same. They "
        "run with every estimate; ask 'without refutations' to skip them."
    ),
    r"(?:effect\s+)?heterogeneity|cates?|conditional\s+average\s+treatment\s+effects?": (
        "Effect heterogeneity means the effect differs between groups: the conditional average "
        "treatment effect (CATE) is the effect within a subgroup. Ask e.g. 'does the effect of "
        "X on Y differ by G?'."
    ),
    r"(?:causal\s+)?dags?|causal\s+graphs?|causal\s+discovery": (
        "A causal graph (a DAG) has an arrow from each variable to those it directly causes; "
        "causal discovery learns one from data with algorithms such as PC, FCI or GES. Ask e.g. "
        "'what is the causal graph?' or 'what drives Y?'."
    ),
    r"induction\s+heads?": (
        "An induction head is an attention head that, on a repeated sequence, attends to the "
        "token after the earlier copy of the current token and predicts it. Ask e.g. 'which "
        "heads are induction heads?' or 'which heads matter for induction?'."
    ),
    r"attention\s+sinks?|sink\s+heads?": (
        "An attention sink is a head that puts most of its attention on the first token when it "
        "has nothing better to attend to. Ask e.g. 'which heads are attention sinks?'."
    ),
    r"(?:attention\s+)?heads?|attention": (
        "An attention head is one of the parallel attention units of a transformer layer: for "
        "each token it decides which earlier tokens to read from (its attention pattern) and "
        "writes what it read into the residual stream. Heads are named layer.head, counted from "
        "0 (1.2 is head 2 of layer 1). Ask e.g. 'which heads matter for induction?'."
    ),
    r"previous[\s-]+tokens?\s+heads?": (
        "A previous-token head is an attention head whose tokens mostly attend to the token just "
        "before them; induction heads build on such heads. Ask e.g. 'which heads are "
        "previous-token heads?'."
    ),
    r"duplicate[\s-]+tokens?\s+heads?": (
        "A duplicate-token head is an attention head whose tokens attend to earlier copies of "
        "the same token. Ask e.g. 'score every head for duplicate tokens'."
    ),
    r"(?:head\s+|zero[\s-]+|mean[\s-]+|resample[\s-]+)?ablations?|"
    r"ablating(?:\s+(?:an?\s+|the\s+)?(?:attention\s+)?heads?)?": (
        "Ablating a head removes its contribution and measures how much a behaviour gets worse: "
        "zero ablation sets the head's output to zero, mean ablation replaces it with its "
        "average output over prompts (a gentler baseline), resample ablation with its output on "
        "another prompt, and gate ablation closes a gated head's gate. Ask e.g. 'mean-ablate "
        "head 1.2 on induction'."
    ),
    r"(?:activation\s+)?patching|causal\s+tracing|attribution\s+patching": (
        "Activation patching runs the model on a clean prompt and on a corrupted one, copies "
        "(patches) one activation from the clean run into the corrupted run, and measures how "
        "much of the clean behaviour comes back: the activations that restore it carry the "
        "information (causal tracing is the same idea). Attribution patching approximates it for every head at once with "
        "gradients. Ask e.g. 'activation patching on the recall task'."
    ),
    r"path\s+patching": (
        "Path patching patches one head's output only along the path into chosen later heads "
        "(through their queries, keys or values), to test whether the first head feeds the "
        "others. Ask e.g. 'path patching from 0.2 to 1.0 through the keys'."
    ),
    r"steering(?:\s+vectors?)?|activation\s+steering|steer(?:ing)?\s+vectors?": (
        "A steering vector is a direction in the residual stream, here the difference of the "
        "mean activations at a layer between prompts with a property and prompts without it; "
        "adding it (times a strength alpha) to the layer's activation pushes the model toward "
        "the property. Ask e.g. 'steer toward pos.jsonl and away from neg.jsonl at layer 1'."
    ),
    r"(?:linear\s+)?probes?|(?:linear\s+)?probing(?:\s+classifiers?)?": (
        "A linear probe is a simple classifier (here a logistic regression) trained on a layer's "
        "activations to predict a label: if it does better than chance on held-out prompts, "
        "the information can be read (decoded) linearly from that layer, which does not show "
        "that the model uses it. Ask e.g. 'probe layers 0 and 1 with labels.jsonl'."
    ),
    r"(?:the\s+)?logit\s+lens": (
        "The logit lens decodes each layer's residual stream with the model's final norm and "
        "unembedding, to see at which layer the answer already appears in the vocabulary "
        "logits. Ask e.g. 'logit lens on the copy task'."
    ),
    r"correlations?|associations?|correlation\s+(?:and|vs\.?|versus)\s+causation": (
        "A correlation (association) says that two variables move together; it is causal only if "
        "changing one would change the other. A common cause (a confounder) or selection can "
        "make variables correlate with no effect of one on the other, which is why the "
        "estimates here adjust for confounders. Ask e.g. 'is the relationship between X and Y "
        "confounded?' for the naive and adjusted numbers."
    ),
    r"causation|causality|(?:causal\s+)?(?:effects?|impacts?)": (
        "Causation means that changing one variable (an intervention, do(X)) changes another; "
        "a causal effect compares the outcome under two settings of the cause. Ask e.g. 'what "
        "is the effect of X on Y?'."
    ),
    r"counterfactuals?|potential\s+outcomes?": (
        "A counterfactual is what would have happened to the same units had the treatment been "
        "different (the potential outcome they did not get); effects compare the outcomes "
        "under treatment and without it. Ask e.g. 'what if everyone got X?' for a scenario."
    ),
    r"(?:adjust(?:ing|ment)?|control(?:ling)?|condition(?:ing)?)(?:\s+(?:for|on))?(?:\s+(?:an?\s+)?"
    r"(?:variables?|covariates?|confounders?))?|covariate\s+adjustment": (
        "Adjusting (controlling) for a variable compares units with the same value of it, or "
        "holds it fixed in a model, so that its influence is not mixed into the effect: adjust "
        "for confounders, never for mediators or colliders. Ask e.g. 'effect of X on Y "
        "controlling for Z'."
    ),
    r"atts?|atet|average\s+(?:treatment\s+)?effects?\s+(?:on|of|for)\s+the\s+treated": (
        "The ATT is the average treatment effect on the treated: the mean change in the outcome "
        "among the units that actually got the treatment, compared with what they would have "
        "had without it. It equals the ATE when the effect is the same for everyone. Ask e.g. "
        "'what is the effect of X on Y?' and the answer names its estimand."
    ),
    r"p[\s-]*values?": (
        "A p-value is the probability of a result at least as extreme as the one seen if there "
        "were no effect (the null hypothesis); a small one says chance alone explains the data "
        "poorly. The estimates here come with 95% confidence intervals: an interval that "
        "excludes 0 corresponds to p < 0.05."
    ),
    r"ipw|iptw|inverse\s+(?:probability|propensity)(?:\s+(?:of\s+treatment\s+)?weight\w*)?|"
    r"(?:propensity\s+)?weighting": (
        "IPW (inverse probability weighting) weights each unit by one over its probability of "
        "the treatment it got (its propensity score), so that the weighted treated and "
        "untreated groups look alike in their confounders. Ask e.g. 'effect of X on Y using IPW'."
    ),
    r"dml|double(?:/debiased)?\s+(?:machine\s+learning|ml)|debiased\s+(?:machine\s+learning|ml)": (
        "DML (double/debiased machine learning) predicts both the treatment and the outcome "
        "from the confounders with flexible models, then regresses the outcome's residuals on "
        "the treatment's residuals (with cross-fitting), which gives the effect with a valid "
        "interval. Ask e.g. 'effect of X on Y with DML'."
    ),
    r"(?:propensity[\s-]+score\s+)?matching|psm": (
        "Matching pairs each treated unit with untreated units that are similar in their "
        "confounders (or in their propensity score) and compares their outcomes, like with "
        "like. Ask e.g. 'effect of X on Y using matching'."
    ),
    r"estimands?|target\s+quantit(?:y|ies)": (
        "The estimand is the quantity an analysis targets, said before any data: e.g. the ATE "
        "(the average effect over everyone) or the ATT (over the treated), identified by an "
        "adjustment set, an instrument or a mediator. Each estimate here names its estimand."
    ),
    r"positivity|overlap|common\s+support": (
        "Positivity (overlap) means every kind of unit has some chance of both getting and not "
        "getting the treatment: a probability strictly between 0 and 1 given the confounders. "
        "Where it fails, an effect is extrapolated, not estimated."
    ),
    r"circuits?|(?:transformer\s+)?circuits?\s+analysis": (
        "A circuit is a small set of model components (heads, MLPs) and the connections between "
        "them that together compute a behaviour, e.g. a previous-token head feeding an induction "
        "head. Ablation finds the components, path patching the connections. Ask e.g. 'path "
        "patching from 0.2 to 1.0'."
    ),
    r"selection\s+bias|sample\s+selection": (
        "Selection bias arises when the units in the data were selected (chosen or kept) in a "
        "way that depends on the treatment and the outcome, so the sample's association differs "
        "from the population's; adjusting for confounders does not remove it."
    ),
    r"d[\s-]*separation|d[\s-]*separated": (
        "d-separation is the graph rule that says when two variables are independent given a "
        "set: every path between them is blocked (a chain or fork with its middle in the set, "
        "or a collider with neither it nor its descendants in the set). Discovery algorithms "
        "such as PC read the graph back from these independences."
    ),
    r"treatments?|exposures?|interventions?": (
        "The treatment is the variable whose effect is asked (the cause, exposure or "
        "intervention, e.g. a drug, a discount, a programme); the outcome is the one it may "
        "change. Ask e.g. 'what is the effect of the treatment on the outcome?' with your "
        "columns' names."
    ),
    r"outcomes?|dependent\s+variables?|response\s+variables?": (
        "The outcome is the variable the treatment may change (e.g. recovery time, churn): an "
        "effect is measured on it. Ask e.g. 'what is the effect of X on the outcome?'."
    ),
    r"pc(?:\s+algorithm)?": (
        "PC is a constraint-based discovery algorithm: it removes the edge between two "
        "variables when a conditional independence test says they are independent given some "
        "others, then orients edges from colliders. It assumes no hidden confounders. Ask e.g. "
        "'run PC with alpha 0.01'."
    ),
    r"ges|greedy\s+equivalence\s+search": (
        "GES (greedy equivalence search) is a score-based discovery algorithm: it adds and then "
        "removes edges while a score (BIC) of how well the graph fits the data improves. Ask "
        "e.g. 'learn the graph with GES'."
    ),
    r"fci|fast\s+causal\s+inference": (
        "FCI is a discovery algorithm like PC that allows hidden (latent, unmeasured) "
        "confounders and selection: its graph marks edges whose cause may be a hidden common "
        "cause. Use it when you doubt every common cause is measured. Ask e.g. 'run FCI'."
    ),
    r"alpha|significance\s+level": (
        "Alpha is the significance level of the independence tests in discovery (PC, FCI): an "
        "edge is removed when a test's p-value is above it, so a smaller alpha (0.01) keeps "
        "more edges. Ask e.g. 'run PC at alpha 0.01'."
    ),
    r"(?:conditional\s+)?(?:ci|independence)\s+tests?|conditional\s+independence(?:\s+tests?)?": (
        "A CI test (conditional independence test) checks whether two variables are "
        "independent given others (Fisher's z for linear Gaussian data, KCI for any, chi-square "
        "or G-square for categories); constraint-based discovery (PC, FCI) is built on them. "
        "Ask e.g. 'run PC with the KCI test'."
    ),
    r"bootstrap(?:ping)?|resampling": (
        "The bootstrap resamples the rows with replacement many times and redoes the analysis "
        "on each sample: the spread of the results gives the uncertainty (the confidence "
        "interval of an effect, how stable an edge is). Ask e.g. 'with 500 bootstrap samples'."
    ),
    r"undirected\s+edges?|undirected\s+links?": (
        "An undirected edge in a discovered graph says the two variables are directly linked "
        "but the data cannot tell the direction (both orientations fit the same independences); "
        "background knowledge ('A causes B') can orient it."
    ),
    r"(?:natural\s+)?(?:in)?direct\s+(?:effects?|impacts?)|nde|nie": (
        "The natural direct effect is the part of the treatment's effect that does not go "
        "through the mediator (the mediator held where it would be without treatment); the "
        "natural indirect effect is the part that goes through the mediator. Together they make "
        "the total effect. Ask e.g. 'how much of X's effect on Y goes through M?'."
    ),
    r"logit[\s_-]*diff(?:erence)?s?": (
        "The logit difference is the correct answer's logit minus the strongest wrong answer's "
        "logit: how much more the model prefers the right token. A drop after an ablation "
        "means the head helped. Ask e.g. 'ablate head 1.2 on copy, metric logit diff'."
    ),
    r"kl(?:\s+divergence)?|kullback[\s-]+leibler(?:\s+divergence)?": (
        "The KL divergence measures how far the model's output distribution moves from the "
        "clean run's after an intervention (0: unchanged). Ask e.g. 'ablate head 0.1, metric "
        "KL'."
    ),
    r"superposition": (
        "Superposition is a model representing more features than it has dimensions, as "
        "directions that overlap, so single neurons mix several features. Probes and steering "
        "here work with directions; the demo model is too small to study it."
    ),
    r"(?:qk|ov)\s+circuits?|query[\s-]+key\s+circuits?|output[\s-]+value\s+circuits?": (
        "A head's QK circuit (queries and keys) decides where it attends; its OV circuit "
        "(values and output) decides what it writes once it attends. Path patching through a "
        "receiver's queries, keys or values tests which of them a head feeds."
    ),
    r"(?:the\s+)?residual\s+stream": (
        "The residual stream is the running sum every layer of a transformer reads from and "
        "writes to: each head's and MLP's output is added to it. Patching, steering and probes "
        "act on it at a layer's input. Ask e.g. 'patch only the residual stream'."
    ),
}
