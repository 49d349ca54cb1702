"""How well the offline planner understands questions: a scored question set.

    python benchmarks/planner_accuracy.py [--split dev|unseen|unseen2|...|unseen6|aside|
                                          all] [--show-failures]
                                          [--show-aside-failures] [--json OUT]

The questions are asked about twenty-three
generated tables of different domains (benchmarks/planner_data.py) and a small model. Each
table goes through the product's data layer (`load_table`, the workspace, `dataset_record`), so
the planner sees exactly the profile the agent shows it; each question (with the earlier turns
of its session, replayed as the agent would have recorded them) goes through
`copilot.agents.planner.next_message`. No tool runs.

A reply is scored strictly (see `score_call`): the right tool, every expected argument equal
(method, algorithm and score names as the tools canonicalise them; lists of columns as sets;
floats to 1e-9), and no argument the question did not ask for unless it holds the tool's
default. A dropped, reversed or invented slot is a failure. Questions back must name the
candidates and accept a one-word reply; answers in words must contain the key words (the
reply to a question not understood, which lists every analysis, answers none).

Parts (files under benchmarks/planner_questions/):
- `dev`: dev.yaml, dev2.yaml, dev3.yaml and dev4.yaml, the questions the planner is developed
  against (dev3.yaml: analysts' own styles, verbose, hedged, second person, non-native,
  questions; dev4.yaml: four further tables, terse, chatty and typo'd questions weighted to
  what-if, answers in words, probing and mediation; dev5.yaml: more of the same, written after
  the planner was changed for dev4.yaml and scored before it was changed for them; dev6.yaml
  to dev12.yaml: a third to a ninth batch, scored likewise; dev13.yaml and dev14.yaml: a tenth
  and an eleventh, verbose, second-person, hedged and non-native questions on eight tables and
  the model, scored likewise; dev15.yaml to dev21.yaml: a twelfth to an eighteenth, on two more
  tables with abbreviated column names, weighted to mediation, probing arguments, effect options
  and missing values, scored likewise; dev_slots1.yaml to dev_slots11.yaml: eleven batches on two
  further tables with abbreviated column names (squad, credit), terse, typo'd, informal, formula
  and passive, weighted to confounding, what-if, subgroups, drivers, discovery options and
  follow-ups, scored likewise; dev22.yaml: a nineteenth, context sentences before a request that
  points back, variables said with verbs, non-native grammar and "which" subgroups, scored
  likewise; dev23.yaml and dev24.yaml: a twentieth and a twenty-first, yes/no questions said
  with verbs and subgroup wordings, scored likewise; dev25.yaml and dev25b.yaml: a twenty-second
  and a twenty-third, analysts' own styles (context sentences, second person, hedged,
  non-native, typo'd, terse) on a fourteenth table (transit: bus routes) and earlier ones,
  scored likewise; dev26.yaml to dev26c.yaml: on a fifteenth table (telecom: abbreviated names
  with units, a three-level plan tier and a handset tier sharing a level, a text yes/no
  contract) and nine others, columns said by idiom, unit or the full word of an abbreviation,
  category levels said without their column, effect options said in many ways, scored
  likewise; dev27.yaml to dev27f.yaml: the less common analyses (probing wordings and
  arguments, mediation, subgroups, confounding checks, what-if, method comparison, follow-ups
  after every kind of step), scored likewise; dev28.yaml to dev28i.yaml: probing the model,
  describing tables and missing values in strangers' styles (terse, verbose with context, second
  person, non-native, typo'd, Slack-like, code-like), scored likewise; dev29.yaml and dev29b.yaml:
  effect options, questions back and confounding checks in strangers' styles (terse, verbose,
  second person, non-native, typo'd, formula, chat) on nine tables, scored likewise;
  dev30p1.yaml to dev30p5.yaml: probing the model in interpretability notation (hook names, module paths,
  tuples, ordinal layers, ranges, counting from one, models named in words) and questions in
  words about concepts and capabilities, scored likewise; dev30a1.yaml and later dev30a*.yaml: the
  less common analyses (missing values, mediation, subgroups by level, confounding checks, what-if
  in money and units, questions back, outcomes said as verb phrases) in users' own words on a
  sixteenth table (insurance: car policies) and others, scored likewise; dev30o1.yaml
  to dev30o5.yaml: effect options in analysts' notations (Stata, R, statsmodels, DoWhy and
  EconML calls, inline graphs, estimator words formal and informal, controls, instruments,
  discovery options), scored likewise; dev31b1.yaml to dev31b4.yaml: the model asked about in
  everyday words and in experts' shorthand, terse follow-ups after every kind of step and
  questions back, scored likewise; dev31c1.yaml and later dev31c*.yaml: effects, subgroups
  and what-ifs said with group nouns, everyday verbs and comparatives ("do borrowers who earn
  more miss fewer payments?"), scored likewise; dev32c1.yaml and later dev32c*.yaml: mediation,
  subgroups, confounding checks, what-ifs and method comparisons in analysts' own words,
  follow-ups after every kind of step and questions back, scored likewise);
  questions back, scored likewise; dev31a1.yaml to dev31a3.yaml: questions told as a story,
  questions back, scored likewise; dev31a1.yaml to dev31a4.yaml: questions told as a story,
  an observation or a plan followed by a short request, scored likewise; dev32b1.yaml to
  dev32b4.yaml: effect options said in plain words (controls held alike or left out, estimators,
  instruments, levels, bootstrap counts and refutations in words, run-on options, one-option
  follow-ups), scored likewise; dev32a1.yaml and
  later dev32a*.yaml: every category on two further tables (callcentre: call-centre agents;
  dairy: dairy cows) whose column names mix camelCase, acronyms with units, abbreviations and
  farm jargon, asked in the field's own words, scored likewise; dev33a1.yaml and later
  dev33a*.yaml: every category as requests to the assistant, in the second person and verbose (the
  asker's job, a meeting or a boss's claim before a polite request), on the less-used tables and
  the model, scored likewise; dev33d1.yaml and later dev33d*.yaml: every category on two further
  tables (bp_trial: a blood-pressure drug trial with UPPER_SNAKE codes; saas: software accounts
  with long descriptive snake_case names), asked in a trialist's and a customer-success manager's
  words, scored likewise; dev33c1.yaml and later
  dev33c*.yaml: the less common analyses (missing values, discovery options and background
  knowledge in words, mediation, subgroups, what-ifs in money and units, method comparisons,
  questions back, follow-ups after every kind of step, answers in words) in mixed voices on the
  least-used tables, scored likewise; dev33b1.yaml and later dev33b*.yaml: every category in the
  English of analysts whose first language is another one (articles dropped, wrong prepositions,
  inverted order, calques, missing auxiliaries), scored likewise; dev34b1.yaml and later
  dev34b*.yaml: requests to the assistant in the second person in that English ("say me", "run
  me", "control" for check, "actual" for current), weighted to questions back with a one-word
  reply, follow-ups, missing values, confounding checks and subgroups, scored likewise;
  dev34c1.yaml and later dev34c*.yaml: every category in terse analyst shorthand (Slack messages,
  abbreviations, R, Stata and Python fragments, formulas, typos), weighted to the slots that must
  reach the call (estimator, controls, instrument, mediator, subgroup, algorithm, test, level,
  bootstrap, the model experiments' arguments) and to names that do not exist, scored likewise;
  dev34a1.yaml and later dev34a*.yaml: every category in a verbose voice (a memo or the asker's
  situation before the question, hedges and asides, numbers that are not arguments, columns named
  only as context), weighted towards what-ifs, mediation, effect options, missing values and
  discovery, scored likewise; dev34d1.yaml: confounding checks in many voices (hedged, a
  suspicion or a worry stated then asked, yes/no, "is Z a confounder", context first, second
  person, non-native, terse) mixed with near-misses that are not confounding checks (effects
  with declared controls, subgroup "by Z" questions), scored likewise; dev35b1.yaml and later
  dev35b*.yaml: the analyses that must be answered as asked (confounding checks, what-if
  scenarios, missing values, questions back when a word fits two columns, effects with a
  declared confounder to adjust for) by managers, clinicians, students and data scientists,
  terse or chatty, scored likewise; dev35a1.yaml and later dev35a*.yaml: requests to the
  assistant in the second person, half of them in the English of analysts whose first language
  is another one ("which is the influence of X over Y", "the effect from X to Y", "is depending
  of", "make a regression of"), across every category, with forbidden or required edges given
  as background, scored likewise; dev35c1.yaml and later dev35c*.yaml: every category in a
  verbose voice whose options are told in the story (the method, controls, an instrument, a
  mediator, a subgroup, discovery's level, test and bootstrap, columns not to adjust for, said in
  passing), columns named only approximately and pronouns pointing to an earlier sentence, scored
  likewise; dev36a1.yaml and later dev36a*.yaml: verbose questions of two to five sentences with
  the options buried in the story, hedges, asides in parentheses, remarks after the question,
  numbers in words, approximate column words and pronouns pointing back, every category, scored
  likewise; dev36b1.yaml and later dev36b*.yaml: requests to the assistant ("can you tell me",
  "I'd like you to", "you should control for", "what do you reckon"), half of them in the English
  of analysts whose first language is another one ("make an estimation of", "in function of",
  "how much it influences on", word order off), weighted to confounding checks, effect options,
  what-if scenarios, missing values, questions back and follow-ups after a description, a
  discovery or a failed step, scored likewise; dev37b1.yaml and later dev37b*.yaml: the English
  of analysts whose first language is another one throughout (calques, wrong prepositions and
  articles, tenses, number and word order off), some as requests to the assistant, weighted to
  confounding checks, effect options, what-if scenarios, missing values, questions back and
  follow-ups, scored likewise; dev37a1.yaml and later dev37a*.yaml: long requests
  to the assistant with the context first (what the team saw, why they ask, who wants to know)
  and the request at the end or in the middle, the options told in passing, asides in
  parentheses, a second sentence that carries the question and pronouns pointing back, weighted
  to confounding checks, effect options, what-if scenarios, missing values, questions back and
  follow-ups, scored likewise; dev38b1.yaml and later dev38b*.yaml: sessions in the English of
  analysts whose first language is another one, most of them a follow-up after an estimate with
  its result, a description, a discovery or a failed step (a changed outcome, treatment,
  controls, method or subgroup, words about the last result, confounding checks, what-ifs), some
  first questions in the same voice, scored likewise; dev38a1.yaml and later dev38a*.yaml:
  requests to the assistant told verbosely ("Could you please ...", "I'd like you to ...", "Can
  you help me figure out ...", "We need you to ...") after a paragraph of context (who asks, what
  the data is, what the boss believes), the options told inside the story, weighted to
  confounding checks, effect options, what-if scenarios, missing values, questions back and
  follow-ups, scored likewise; dev39b1.yaml and later dev39b*.yaml: half told at length (a
  paragraph of the business story, the question buried in it or split over two sentences, the
  options said in passing), half in the English of analysts whose first language is another one,
  weighted to confounding checks, effect options, questions back, missing values, mediation,
  what-ifs said as counterfactuals with a unit, answers in words and graphs, scored likewise;
  dev39a1.yaml and later dev39a*.yaml: short requests to the assistant as a stranger writes them
  ("can you tell whether", "would you mind", "I need you to", "you have the file, tell me ...",
  "what would you do"), the assistant's opinion asked around the question ("what do you reckon",
  "in your opinion", "What do you think?" before or after it), weighted to confounding checks,
  effect options, questions back with their short replies, missing values, what-if scenarios,
  mediation, questions in words, graph options and follow-ups after a discovery, a description, an
  estimate or a claim answered in words, scored likewise; dev40a1.yaml and dev40a2.yaml: requests
  to the assistant in the second person, often hedged and verbose ("could you take a look at
  whether", "would you mind checking", "you've got the ... file"), sometimes a story first,
  weighted to questions back answered by one word, confounding checks, effect options said in
  words, missing values, what-ifs, mediation, answers in words, follow-ups after a discovery and
  subgroups said by a level word or by their members, scored likewise; dev40b1.yaml and
  dev40b2.yaml: half in the English of analysts whose first language is another one ("the
  influence from X onto Y", "is there confusion by Z", "if X is more of one"), half verbose memos
  with the question buried, weighted to direction cues, controls said in words, what-ifs whose
  amount is said in another unit than the column's, mediation, effect options, probing in plain
  words, graph options and follow-ups after a description or a discovery, scored likewise;
  dev41b1.yaml: sessions whose follow-up is in mixed voices (second person, non-native, terse),
  changing the outcome, treatment, controls, method, subgroup or algorithm, questions in words
  about the last result, graph options, probing follow-ups (another head, another layer, steer
  instead), mediation and rival explanations said as a question ("is it X, or do the Z just
  ..."), scored likewise; dev41a1.yaml: terse analyst shorthand and hedged one-liners with typos,
  real options mixed with made-up estimators, parameters and tests that the reply must say were
  not used, weighted to effect options, missing values, questions back, instruments, confounding
  checks and what-ifs, scored likewise; dev42a1.yaml: mixed voices (second person, memos with
  the context first, hedged, non-native) on the less-used tables, weighted to effect options said
  in passing, what-ifs in units, percentages, doublings and "if every X were Y", mediation as a
  follow-up, confounding checks with and without the outcome named, missing values, questions
  back and questions in words about the last result, scored likewise; dev43b1.yaml: half in the
  English of analysts whose first language is another one, half hedged ("I guess maybe", "would
  it be fair to say"), weighted to mediation ("is it because of M", "through which way"),
  questions in words about the last result ("is it big", "can I trust it"), questions back,
  confounding checks as a follow-up, effect options and what-ifs, scored likewise; dev43a1.yaml:
  requests to the assistant in the second person and verbose memos (the business or clinical
  story before or after the ask, columns said in everyday words) on the less-used tables,
  weighted to effect options stated in passing, what-ifs (a quantity said without its column,
  "had nobody ...", percentages, doublings), confounding checks with and without the outcome
  named, missing values and questions back, scored likewise; dev44a1.yaml: as typed in a
  terminal, half short follow-ups that change one thing (outcome, treatment, controls, method,
  subgroup, algorithm, level) or ask about the last result in words, half first questions naming
  their options in plain words, with what-ifs, missing values, questions back and made-up
  methods, tests and parameters, scored likewise; dev45a1.yaml: half requests to the assistant
  in the second person ("do you reckon", "what would you say", "you think ... if I leave out",
  "I need you to", "can you do ... this time"), half verbose (who asks and why, the columns in the
  asker's words, asides, the ask in the middle or at the end), every category on the least-used
  tables, scored likewise; dev45b1.yaml: hedged and non-native analysts
  ("I'm not sure but maybe X is what drives Y?", "it matter which estimator I use?", "what the X
  do?", "X vs Y, legit or confounded?"), bare-noun asks and replies to a question back by a
  synonym, a part of the column's name or an ordinal, scored likewise; dev46c1.yaml: typed in a
  hurry or in learners' English (no verb, arrows, possessives and noun stacks, outcomes said by
  their opposite, remarks in parentheses about the design, "what happen to Y when X more",
  "explain me", terse follow-ups and the model asked in few words), scored likewise;
  dev46b1.yaml: second-person and hedged requests to the assistant ("could you let me know how
  many blanks ...", "do you think Z is muddying the link between X and Y?", "what would you
  expect if we halved X?", "I'd want you to use IPW and leave out ...", "any chance you could",
  "if that's even possible") in the weak categories (missing values, questions back, confounding
  checks, what-ifs, mediation, answers in words, effect options) on ten tables, scored likewise;
  dev46a1.yaml: verbose messages whose slots are spread over sentences (the treatment in one, the
  outcome in another, the ask pointing back with "it" or "that", a slot corrected later, a
  control, method or instrument in a sentence of its own, what was tried before, asides naming
  other columns), scored likewise; dev47a1.yaml: the field jargon of the analysts who bring
  tables (epidemiology: "exposure", "adjusted risk difference", "crude vs adjusted", "effect
  modification", "ITT", "E-value"; economics: "treatment-on-the-treated", "excluded instrument",
  "control function", "policy simulation"; marketing: "uplift", "incrementality", "holdout";
  machine learning: "feature importance is not causal", "SHAP says") and methods, tests and
  parameters the product does not offer, which the reply must say were not used, scored
  likewise; dev47b1.yaml: follow-ups in a session after every kind of earlier step (a
  discovery, a failed step, a question back, a description, a what-if, a mediation, a subgroup
  split, a probing step, a confounding check), each changing one slot or pointing back with
  "the top one", "it", "the other head", scored likewise; dev48b1.yaml: hedged and in learners'
  English ("not sure this is the right question but..", "maybe you can to check..", "is possible
  to know how much X make Y go up?", "depend of", "effect of X to Y"), weighted to mediation,
  follow-ups after a discovery, direction cues (passive, "Y regressed on X", "Y as function of
  X", the outcome first), instruments, subgroups whose column is not named and probing in plain
  words, scored likewise; dev48a1.yaml: messages to a colleague in the second person and verbose
  (who asks and why, what they were told, the request in the middle or at the end, sometimes two
  requests in one message), weighted to confounding checks asked every way, missing values,
  questions back with a one-word reply, what-ifs and effect options real or made up, on nine tables,
  scored likewise; dev48c1.yaml: field experts in their own jargon (an epidemiologist's "effect
  modification", "stratum-specific", "adjusted RD"; an economist's "CATE", "LATE", "2SLS",
  "selection on observables"; an ML engineer's "causal parents, not predictive features",
  "mean-ablate"; an ops analyst's "lift", "root cause"; a statistician's "Fisher z", "alpha = .01",
  "partial out") with loose column words, weighted to discovery options and background knowledge,
  subgroups, method comparisons, time series and methods the product does not have, scored
  likewise; dev49b1.yaml: messages typed on a phone or in a chat between meetings, terse shorthand
  ("eff of X on Y ctrl Z pls", "X vs Y confounded by Z??", "w/", "#", "%") mixed with verbose
  paragraphs whose ask is buried in the middle, typos in column and analysis words, weighted to
  confounding checks, discovery options, terse follow-ups ("same w/ ges", "drop age") and effect
  options, scored likewise; dev49a1.yaml: short requests to the assistant in the second person,
  polite or blunt ("can you tell me", "I need you to", "you should check", "help me figure out"),
  weighted to missing values, questions back, what-ifs, mediation and answers in words, scored
  likewise);
- `unseen`: dev_unseen.yaml, questions written with dev2.yaml (same styles and categories) but
  only ever scored, never used to change the planner: a check of how far the dev score carries;
- `unseen2`: dev_unseen2.yaml, written with dev3.yaml in the same styles, only ever scored;
- `unseen3`: dev_unseen3.yaml, written with dev15.yaml in the same styles, only ever scored;
- `unseen4`: dev_unseen4.yaml, written with dev_slots1.yaml (two further tables, squad and
  credit: confounding, what-if, subgroups, drivers, discovery options, time series, follow-ups;
  terse, typo'd, informal, formula and passive styles), only ever scored;
- `unseen5`: dev_unseen5.yaml, written with dev22.yaml in the same styles, only ever scored;
- `unseen6`: dev_unseen6.yaml, written in one sitting in mixed styles on fifteen tables and the
  model before the dev33 batches and the changes they prompted, only ever scored;
- `aside`: aside.yaml, held out: it is scored and its accuracy printed, but which of its
  questions fail is shown only with --show-aside-failures.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "planner_questions"
SPLITS = ("dev", "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "aside")
#: The question files of each part.
SPLIT_FILES = {
    "dev": (
        "dev.yaml",
        "dev2.yaml",
        "dev3.yaml",
        "dev4.yaml",
        "dev5.yaml",
        "dev6.yaml",
        "dev7.yaml",
        "dev8.yaml",
        "dev9.yaml",
        "dev10.yaml",
        "dev11.yaml",
        "dev12.yaml",
        "dev13.yaml",
        "dev14.yaml",
        "dev15.yaml",
        "dev19.yaml",
        "dev20.yaml",
        "dev21.yaml",
        "dev16.yaml",
        "dev17.yaml",
        "dev18.yaml",
        "dev_slots1.yaml",
        "dev_slots2.yaml",
        "dev_slots3.yaml",
        "dev_slots4.yaml",
        "dev_slots5.yaml",
        "dev_slots6.yaml",
        "dev_slots7.yaml",
        "dev_slots8.yaml",
        "dev_slots9.yaml",
        "dev_slots10.yaml",
        "dev_slots11.yaml",
        "dev22.yaml",
        "dev23.yaml",
        "dev24.yaml",
        "dev25.yaml",
        "dev25b.yaml",
        "dev27.yaml",
        "dev27b.yaml",
        "dev27c.yaml",
        "dev27d.yaml",
        "dev27e.yaml",
        "dev27f.yaml",
        "dev26.yaml",
        "dev26b.yaml",
        "dev26c.yaml",
        "dev28.yaml",
        "dev28b.yaml",
        "dev28c.yaml",
        "dev28d.yaml",
        "dev28e.yaml",
        "dev28f.yaml",
        "dev28g.yaml",
        "dev28h.yaml",
        "dev28i.yaml",
        "dev29.yaml",
        "dev29b.yaml",
        "dev30p1.yaml",
        "dev30p2.yaml",
        "dev30p3.yaml",
        "dev30p4.yaml",
        "dev30p5.yaml",
        "dev30s1.yaml",
        "dev30s2.yaml",
        "dev30s3.yaml",
        "dev30s4.yaml",
        "dev30s5.yaml",
        "dev31d1.yaml",
        "dev31d2.yaml",
        "dev31d3.yaml",
        "dev31d4.yaml",
        "dev32d1.yaml",
        "dev32d2.yaml",
        "dev32d3.yaml",
        "dev33b1.yaml",
        "dev33b2.yaml",
        "dev33b3.yaml",
        "dev33b4.yaml",
        "dev33b5.yaml",
        "dev34b1.yaml",
        "dev34b2.yaml",
        "dev34b3.yaml",
        "dev34b4.yaml",
        "dev34b5.yaml",
        "dev30a1.yaml",
        "dev30a2.yaml",
        "dev30a3.yaml",
        "dev30a4.yaml",
        "dev30o1.yaml",
        "dev30o2.yaml",
        "dev30o3.yaml",
        "dev30o4.yaml",
        "dev30o5.yaml",
        "dev31b1.yaml",
        "dev31b2.yaml",
        "dev31b3.yaml",
        "dev31b4.yaml",
        "dev31c1.yaml",
        "dev31c2.yaml",
        "dev31c3.yaml",
        "dev32c1.yaml",
        "dev32c2.yaml",
        "dev32c3.yaml",
        "dev31a1.yaml",
        "dev31a2.yaml",
        "dev31a3.yaml",
        "dev31a4.yaml",
        "dev32b1.yaml",
        "dev32b2.yaml",
        "dev32b3.yaml",
        "dev32b4.yaml",
        "dev32a1.yaml",
        "dev32a2.yaml",
        "dev32a3.yaml",
        "dev32a4.yaml",
        "dev33a1.yaml",
        "dev33a2.yaml",
        "dev33a3.yaml",
        "dev33d1.yaml",
        "dev33d2.yaml",
        "dev33d3.yaml",
        "dev33c1.yaml",
        "dev33c2.yaml",
        "dev33c3.yaml",
        "dev33c4.yaml",
        "dev33c5.yaml",
        "dev34c1.yaml",
        "dev34c2.yaml",
        "dev34c3.yaml",
        "dev34c4.yaml",
        "dev34a1.yaml",
        "dev34a2.yaml",
        "dev34a3.yaml",
        "dev34d1.yaml",
        "dev35b1.yaml",
        "dev35b2.yaml",
        "dev35b3.yaml",
        "dev35a1.yaml",
        "dev35a2.yaml",
        "dev35a3.yaml",
        "dev35c1.yaml",
        "dev35c2.yaml",
        "dev36a1.yaml",
        "dev36a2.yaml",
        "dev36a3.yaml",
        "dev36b1.yaml",
        "dev36b2.yaml",
        "dev36b3.yaml",
        "dev37b1.yaml",
        "dev37b2.yaml",
        "dev37a1.yaml",
        "dev37a2.yaml",
        "dev37a3.yaml",
        "dev38b1.yaml",
        "dev38b2.yaml",
        "dev38a1.yaml",
        "dev38a2.yaml",
        "dev39b1.yaml",
        "dev39b2.yaml",
        "dev39a1.yaml",
        "dev39a2.yaml",
        "dev40a1.yaml",
        "dev40a2.yaml",
        "dev40b1.yaml",
        "dev40b2.yaml",
        "dev41b1.yaml",
        "dev41a1.yaml",
        "dev42a1.yaml",
        "dev43b1.yaml",
        "dev43a1.yaml",
        "dev44a1.yaml",
        "dev45a1.yaml",
        "dev45b1.yaml",
        "dev46c1.yaml",
        "dev46b1.yaml",
        "dev46a1.yaml",
        "dev47a1.yaml",
        "dev47b1.yaml",
        "dev48b1.yaml",
        "dev48a1.yaml",
        "dev48c1.yaml",
        "dev49b1.yaml",
        "dev49a1.yaml",
    ),
    "unseen": ("dev_unseen.yaml",),
    "unseen2": ("dev_unseen2.yaml",),
    "unseen3": ("dev_unseen3.yaml",),
    "unseen4": ("dev_unseen4.yaml",),
    "unseen5": ("dev_unseen5.yaml",),
    "unseen6": ("dev_unseen6.yaml",),
    "aside": ("aside.yaml",),
}
#: Arguments whose value is a set of names (order does not matter).
SET_ARGS = {"common_causes", "required", "forbidden", "heads", "layers", "units", "methods"}
#: Arguments the planner branch adds; the benchmark expects exactly these names.
NEW_ARGS = {"focus", "what_if", "methods"}
MODEL = {
    "id": "demo",
    "source": "demo",
    "name": "demo",
    "n_layers": 2,
    "n_heads": 4,
    "n_kv_heads": 4,
    "d_model": 64,
    "vocab_size": 64,
    "max_seq_len": 64,
    "gate": "headwise",
}


# inputs ------------------------------------------------------------------------------------------
@cache
def dataset_profile(name: str) -> dict[str, Any]:
    """The profile the agent shows the planner for a generated table, built by the data layer."""
    from benchmarks.planner_data import frame
    from copilot.agents.inputs import dataset_record
    from copilot.tools.data import load_table
    from copilot.workspace import Workspace

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # what the data layer did is in its notes
        ds = load_table(frame(name), name=name)
    Workspace("/nonexistent-planner-benchmark").add_dataset(ds)  # ids as the agent gives them
    return dataset_record(ds)


def load_items(split: str = "all") -> list[dict[str, Any]]:
    parts = SPLITS if split == "all" else (split,)
    items = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for part in parts:
        for name in SPLIT_FILES[part]:
            for item in yaml.load((QUESTIONS / name).read_text(), Loader=loader) or []:
                items.append({**item, "split": part, "file": name})
    return items


def history_messages(history: list[dict[str, Any]]) -> list[Any]:
    """Earlier turns as the agent records them: question, tool call, tool message, answer."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    out: list[Any] = []
    for i, turn in enumerate(history or []):
        out.append(HumanMessage(turn["ask"]))
        calls = turn.get("calls") or ([turn["call"]] if turn.get("call") else [])
        for k, call in enumerate(calls):
            cid = f"h{i}_{k}"
            out.append(
                AIMessage(
                    "",
                    tool_calls=[
                        {"name": call["tool"], "args": call["args"], "id": cid, "type": "tool_call"}
                    ],
                )
            )
            if turn.get("error") and k == len(calls) - 1:
                body = {"ok": False, "error": "InputError", **turn["error"]}
            else:
                body = {"ok": True, "summary": "", "result": call.get("result") or {}}
            out.append(ToolMessage(json.dumps(body), tool_call_id=cid))
        out.append(AIMessage(turn.get("answer", "Done.")))
    return out


def discover_ids(history: list[dict[str, Any]]) -> set[str]:
    """Ids of the successful discover calls in a history (a later estimate may reuse them)."""
    ids = set()
    for i, turn in enumerate(history or []):
        calls = turn.get("calls") or ([turn["call"]] if turn.get("call") else [])
        for k, call in enumerate(calls):
            failed = turn.get("error") and k == len(calls) - 1
            if call["tool"] == "discover" and not failed:
                ids.add(f"h{i}_{k}")
    return ids


# canonical values ----------------------------------------------------------------------------------
@cache
def tool_defaults() -> dict[str, dict[str, Any]]:
    """Each tool's argument defaults, from the schemas the registry gives the LLM."""
    from copilot.agents.registry import build_registry

    out: dict[str, dict[str, Any]] = {}
    for spec in build_registry(entry_points=False):
        out[spec.name] = {
            k: (None if f.is_required() else f.default)
            for k, f in spec.args_model.model_fields.items()
        }
    return out


def _method(v: Any) -> Any:
    from copilot.tools.estimation.estimators import canonical_method

    try:
        return canonical_method(str(v))
    except Exception:
        return v


def _algorithm(v: Any) -> Any:
    from copilot.tools.discovery.api import normalize_algorithm

    try:
        return normalize_algorithm(str(v))
    except Exception:
        return str(v).lower()


def _score(v: Any) -> Any:
    from copilot.agents.tools import SCORE_KEYS

    return SCORE_KEYS.get(str(v), v)


def _head(v: Any) -> Any:
    from copilot.agents.tools import _heads

    try:
        (layer, head), *_ = _heads([str(v)])
        return f"{layer}.{head}"
    except Exception:
        return v


def _graph(v: Any) -> Any:
    """A graph given inline ("A -> B; C -> A") as its set of edges; a file or call id as is."""
    text = str(v)
    if "->" not in text:
        return text
    return frozenset(
        tuple(part.strip() for part in edge.split("->"))
        for edge in text.replace(",", ";").split(";")
        if edge.strip()
    )


CANONICAL: dict[str, Callable[[Any], Any]] = {
    "graph": _graph,
    "method": _method,
    "algorithm": _algorithm,
    "ci_test": lambda v: str(v).lower(),
    "score": _score,
}


def canonical(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in SET_ARGS and isinstance(value, list | tuple):
        fn = {"methods": _method, "heads": _head}.get(key, lambda x: x)
        return frozenset(fn(x) for x in value)
    if key in CANONICAL:
        return CANONICAL[key](value)
    return value


def same(key: str, want: Any, got: Any) -> bool:
    w, g = canonical(key, want), canonical(key, got)
    if isinstance(w, dict) and isinstance(g, dict):
        return w.keys() == g.keys() and all(same(k, w[k], g[k]) for k in w)
    if isinstance(w, bool) or isinstance(g, bool):
        return w is g
    if isinstance(w, int | float) and isinstance(g, int | float):
        return math.isclose(float(w), float(g), rel_tol=0, abs_tol=1e-9)
    return w == g


# scoring ----------------------------------------------------------------------------------------------
@dataclass
class Verdict:
    ok: bool
    why: str = ""
    replies: list[dict[str, Any]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def describe_reply(msg: Any) -> dict[str, Any]:
    calls = [{"tool": c["name"], "args": c["args"]} for c in msg.tool_calls]
    return {
        "content": msg.content if isinstance(msg.content, str) else str(msg.content),
        "calls": calls,
    }


def score_call(
    expect: dict[str, Any], msg: Any, allowed_graphs: set[str] = frozenset()
) -> tuple[bool, str]:
    """A tool-call reply against the expected tool and arguments (strict, see the module doc)."""
    if not msg.tool_calls:
        return False, f"no tool call; replied: {str(msg.content)[:160]!r}"
    call = msg.tool_calls[0]
    if call["name"] != expect["tool"]:
        return False, f"called {call['name']} instead of {expect['tool']}"
    args = call["args"] or {}
    defaults = tool_defaults().get(call["name"], {})
    for key, want in (expect.get("args") or {}).items():
        if key not in args:
            if key in defaults and same(key, want, defaults[key]):
                continue  # "alpha 0.05" asked for the default: leaving it out is the same call
            return False, f"dropped {key}={want!r}"
        if not same(key, want, args[key]):
            return False, f"{key}={args[key]!r}, expected {want!r}"
    # `allow`: arguments the question leaves open, as a list (any value) or as a mapping to the
    # values that fit it ("regress Y on X" may name the regression method, or leave it to auto)
    allow = expect.get("allow") or []
    for key, got in args.items():
        if key in (expect.get("args") or {}):
            continue
        if key in allow and (
            not isinstance(allow, dict) or any(same(key, v, got) for v in allow[key])
        ):
            continue
        if key == "graph" and got in allowed_graphs:
            continue  # a graph discovered earlier in the session on the same question's data
        if got is None or (key in defaults and same(key, defaults[key], got)):
            continue
        return False, f"added {key}={got!r}, which the question did not ask for"
    for word in expect.get("note") or []:
        text = msg.content if isinstance(msg.content, str) else ""
        if word.lower() not in text.lower():
            return False, f"the reply does not say that {word!r} was not used"
    return True, ""


def _word_groups(words: list[Any]) -> list[list[str]]:
    return [w if isinstance(w, list) else [w] for w in words]


def score_words(expect: dict[str, Any], msg: Any) -> tuple[bool, str]:
    if msg.tool_calls:
        return False, f"called {msg.tool_calls[0]['name']} instead of answering in words"
    text = (msg.content if isinstance(msg.content, str) else str(msg.content)).lower()
    from copilot.agents.planner import UNREAD

    if text.startswith(UNREAD.strip().lower()):
        # the reply to a question not understood repeats the columns it recognised and an
        # example request with them: those words answer nothing (its list of the analyses there
        # are still answers a question about what can be done)
        text = re.sub(r"i recognised the columns [^;]*;[^']*'[^']*'\.?", " ", text)
    for group in _word_groups(expect["words"]):
        if not any(w.lower() in text for w in group):
            return False, f"the answer lacks {' / '.join(group)!r}: {text[:160]!r}"
    return True, ""


def score_ask(expect: dict[str, Any], msg: Any) -> tuple[bool, str]:
    if msg.tool_calls:
        return False, f"called {msg.tool_calls[0]['name']} instead of asking which one"
    text = msg.content if isinstance(msg.content, str) else str(msg.content)
    if "?" not in text:
        return False, f"no question back: {text[:160]!r}"
    for cand in expect["ask"]:
        if cand.lower() not in text.lower():
            return False, f"the question back does not name {cand!r}: {text[:160]!r}"
    for group in _word_groups(expect.get("words") or []):
        if not any(w.lower() in text.lower() for w in group):
            return False, f"the question back lacks {' / '.join(group)!r}"
    return True, ""


def _ask(messages: list[Any], tools: list[str], verdict: Verdict) -> Any:
    from langchain_core.messages import AIMessage

    from copilot.agents.planner import next_message

    t0 = time.perf_counter()
    try:
        msg = next_message(messages, tools)
    except Exception as exc:
        # the agent answers a planner crash with this message too; the item fails, the run goes on
        msg = AIMessage(
            content=f"Internal error in the offline planner ({type(exc).__name__}: {exc})"
        )
    verdict.seconds.append(time.perf_counter() - t0)
    verdict.replies.append(describe_reply(msg))
    return msg


def _ok_tool_message(msg: Any, result: dict[str, Any] | None) -> Any:
    from langchain_core.messages import ToolMessage

    body = {"ok": True, "summary": "", "result": result or {}}
    return ToolMessage(json.dumps(body), tool_call_id=msg.tool_calls[0]["id"])


def run_item(item: dict[str, Any], tools: list[str]) -> Verdict:
    """Ask one item's question (after its history) and score the replies."""
    from langchain_core.messages import AIMessage, HumanMessage

    from copilot.agents.nodes import system_message

    # the tables are the ones passed with the question, as `copilot ask --data ...` marks them
    state = {
        "datasets": {
            d: {**dataset_profile(d), "current": True} for d in item.get("datasets") or []
        },
        "models": {m: {**MODEL, "id": m, "name": m} for m in item.get("models") or []},
    }
    system = system_message(state)
    history = history_messages(item.get("history") or [])
    graphs = discover_ids(item.get("history") or [])
    verdict = Verdict(ok=False)
    base = [system, *history, HumanMessage(item["question"])]
    return _score_expect(item["expect"], base, tools, verdict, graphs, AIMessage, HumanMessage)


def _score_expect(expect, base, tools, verdict, graphs, AIMessage, HumanMessage) -> Verdict:
    if "any_of" in expect:
        whys = []
        for alt in expect["any_of"]:
            v = _score_expect(alt, base, tools, Verdict(ok=False), graphs, AIMessage, HumanMessage)
            verdict.replies, verdict.seconds = v.replies, verdict.seconds + v.seconds
            if v.ok:
                verdict.ok, verdict.why = True, ""
                return verdict
            whys.append(v.why)
        verdict.why = " | ".join(whys)
        return verdict
    msg = _ask(base, tools, verdict)
    if "words" in expect and "ask" not in expect:
        verdict.ok, verdict.why = score_words(expect, msg)
        return verdict
    if "ask" in expect:
        ok, why = score_ask(expect, msg)
        if not ok or "reply" not in expect:
            verdict.ok, verdict.why = ok, why
            return verdict
        # the one-word reply goes on in the same session, after the planner's own question
        follow = [*base, AIMessage(msg.content), HumanMessage(expect["reply"])]
        msg = _ask(follow, tools, verdict)
        ok, why = score_call(expect["then"], msg, graphs)
        verdict.ok, verdict.why = ok, ("after the reply: " + why if why else "")
        return verdict
    steps = expect.get("steps") or [expect]
    messages = list(base)
    for i, step in enumerate(steps):
        if i:
            msg = _ask(messages, tools, verdict)
        ok, why = score_call(step, msg, graphs)
        if not ok:
            verdict.ok, verdict.why = False, (f"step {i + 1}: " if len(steps) > 1 else "") + why
            return verdict
        messages += [msg, _ok_tool_message(msg, step.get("result"))]
    verdict.ok = True
    return verdict


def final_call(expect: dict[str, Any]) -> dict[str, Any]:
    """The call an item's numbers belong to: the last step, the call after a question back, or
    the first alternative."""
    if "any_of" in expect:
        return final_call(expect["any_of"][0])
    if "then" in expect:
        return expect["then"]
    return (expect.get("steps") or [expect])[-1]


def check_truth(items: list[dict[str, Any]]) -> list[str]:
    """Items whose stored true values differ from the generator's (or that lack them)."""
    from benchmarks.planner_data import truth_for

    bad = []
    for item in items:
        want = truth_for(final_call(item["expect"]))
        if want != item.get("truth"):
            bad.append(f"{item['id']}: stored {item.get('truth')}, generator {want}")
    return bad


# report ---------------------------------------------------------------------------------------------
def tool_names() -> list[str]:
    return list(tool_defaults())


def evaluate(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tools = tool_names()
    rows = []
    for item in items:
        v = run_item(item, tools)
        rows.append(
            {
                "id": item["id"],
                "split": item["split"],
                "file": item["file"],
                "category": item["category"],
                "tags": item.get("tags") or [],
                "ok": v.ok,
                "why": v.why,
                "question": item["question"],
                "replies": v.replies,
                "seconds": v.seconds,
            }
        )
    return rows


def accuracy(rows: list[dict[str, Any]]) -> tuple[int, int]:
    return sum(r["ok"] for r in rows), len(rows)


def table(rows: list[dict[str, Any]], key: str, splits: list[str]) -> list[str]:
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        for g in r[key] if isinstance(r[key], list) else [r[key]]:
            groups[g][r["split"]].append(r)
            groups[g]["all"].append(r)
    cols = [*splits, "all"] if len(splits) > 1 else splits
    lines = [f"{key:<18}" + "".join(f"{c:>16}" for c in cols)]
    for g in sorted(groups):
        cells = []
        for c in cols:
            ok, n = accuracy(groups[g][c])
            cells.append(f"{ok:>4}/{n:<4} {100 * ok / n:5.1f}%" if n else f"{'-':>15}")
        lines.append(f"{g:<18}" + "".join(f"{c:>16}" for c in cells))
    return lines


def report(rows: list[dict[str, Any]], splits: list[str], show: set[str]) -> str:
    out = ["Planner accuracy (offline planner, no tool runs)", ""]
    out += table(rows, "category", splits)
    out.append("")
    for s in [*splits, "all"] if len(splits) > 1 else splits:
        part = rows if s == "all" else [r for r in rows if r["split"] == s]
        ok, n = accuracy(part)
        out.append(f"{s:<6} {ok}/{n} = {100 * ok / max(n, 1):.1f}%")
    files = sorted({r["file"] for r in rows})
    if len(files) > 1:
        for f in files:
            ok, n = accuracy([r for r in rows if r["file"] == f])
            out.append(f"  {f:<16} {ok}/{n} = {100 * ok / max(n, 1):.1f}%")
    times = [t for r in rows for t in r["seconds"]]
    if times:
        times.sort()
        out.append(
            f"time per planner reply: median {1000 * statistics.median(times):.2f} ms, "
            f"p95 {1000 * times[int(0.95 * (len(times) - 1))]:.2f} ms, "
            f"max {1000 * times[-1]:.2f} ms ({len(times)} replies)"
        )
    out += ["", "By style and failure class (tags):"]
    out += table(rows, "tags", splits)
    for s in splits:
        if s not in show:
            continue
        failed = [r for r in rows if r["split"] == s and not r["ok"]]
        out += ["", f"Failures ({s}, {len(failed)}):"]
        for r in failed:
            out.append(f"- {r['id']} [{r['category']}] {r['question']!r}\n    {r['why']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--show-failures", action="store_true", help="list the dev failures")
    parser.add_argument(
        "--show-aside-failures", action="store_true", help="list the held-aside failures too"
    )
    parser.add_argument("--json", metavar="OUT", help="write every item's result as JSON")
    parser.add_argument(
        "--check-truth",
        action="store_true",
        help="recompute every item's true values from the generator and list mismatches",
    )
    opts = parser.parse_args(argv)
    if opts.check_truth:
        bad = check_truth(load_items("all"))
        for line in bad:
            print(line)
        print(f"{len(bad)} items whose truth differs from the generator")
        return 1 if bad else 0
    splits = list(SPLITS) if opts.split == "all" else [opts.split]
    items = load_items(opts.split)
    for d in sorted({d for it in items for d in it.get("datasets") or []}):
        dataset_profile(d)  # profiling is the data layer's time, not the planner's
    rows = evaluate(items)
    show = ({"dev"} if opts.show_failures else set()) | (
        {"aside"} if opts.show_aside_failures else set()
    )
    print(report(rows, splits, show))
    if opts.json:
        public = [
            r if (r["split"] != "aside" or opts.show_aside_failures) else _without_detail(r)
            for r in rows
        ]
        summary = {}
        for s in [*splits, "all"]:
            ok, n = accuracy([r for r in rows if s in ("all", r["split"])])
            summary[s] = {"ok": ok, "n": n}
        Path(opts.json).write_text(json.dumps({"summary": summary, "items": public}, indent=1))
    return 0


def _without_detail(row: dict[str, Any]) -> dict[str, Any]:
    """A held-aside row without what would let one tune to it (the question, the reply)."""
    return {k: row[k] for k in ("id", "split", "file", "category", "tags", "ok")}


if __name__ == "__main__":
    # `benchmarks` from this checkout, appended so that the installed `copilot` stays the one used
    sys.path.append(str(HERE.parent))
    sys.exit(main())
