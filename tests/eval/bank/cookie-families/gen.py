"""Writes the phrase-family cookie rules of every language from lang_data.py.

    python3 tests/eval/bank/cookie-families/gen.py rules

Each rules/<lang>/cookie.toml keeps what stands above the "phrase families"
marker line; the section below it is rewritten from the tables in
lang_data.py (one dict per language: the cookie word, the site/consent words,
the label words, whole-line buttons, consent sentences, near_removed
buttons, guards and examples). Edit the tables, not the generated section.
A `remove` example must be a string of the bank's non-held-out sources
(tests/eval/bank/cookie.tsv): the script replaces a near miss by the bank's
string and warns about any other.
"""
import os, re, sys, json
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lang_data import LANGS, TRAIN_SRC
P = r'^[\s*•·▪■□☆○◦>|\[(#_\p{Pd}»→▶►▼◆●★※🍪☝️]*'
S = r'[\s:.!?…»>›\])|_\p{Pd}→。！]*$'
TECH = r'(syn[- ]?cookies?|http[- ]?(only|cookies?)|http\s*クッキー|cookie[- _]?(jar|file|header|parsing|domain|path|string)|cookies?\.txt|(^|\s)--?[a-z]|\w_\w|\w\(\)|libsoup|webkit|wget|curl|netscape|\bapi\b|(^|[^-\w])ur[il]s?\b)'
def q(s):  # TOML literal string
    assert "'" not in s, s
    return "'" + s + "'"
def qs(s):  # TOML basic string
    return json.dumps(s, ensure_ascii=False)
def arr(xs, lit=False):
    if not xs: return '[]'
    f = q if lit else qs
    return '[\n' + ''.join('  %s,\n' % f(x) for x in xs) + ']'
def rule(r):
    out = ['[[rule]]', 'id = %s' % qs(r['id'])]
    if r.get('near'): out.append('near_removed = true')
    out.append('description = %s' % qs(r['desc'] + ' Written from: ' + ', '.join(r['src']) + '.'))
    out.append('patterns = ' + arr(r['patterns'], True))
    out.append('max_chars = %d' % r['max'])
    if r.get('unless'): out.append('unless = ' + arr(r['unless'], True))
    out.append('remove = ' + arr(r['remove']))
    out.append('keep = ' + arr(r['keep']))
    return '\n'.join(out) + '\n'
import difflib, collections
HELD = {'nuxt-cookie-control', 'cookie-bar', 'whitecube-lcc', 'mw-cookieconsent', 'statikbe-lcc', 'ch-cookie-bundle', 'kirby-cookie-banner'}
TRAIN = collections.defaultdict(list)
_bank = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cookie.tsv')
for _l in list(open(_bank, encoding='utf-8'))[1:]:
    _c = _l.rstrip('\n').split('\t')
    if _c[4].split()[0] not in HELD:
        TRAIN[_c[2]].append(_c[3].replace('\\n', '\n'))
def fix_examples(code, xs):
    out = []
    for x in xs:
        parts = []
        for p in x.split('\n'):
            if p in TRAIN[code] or any(p in t.split('\n') for t in TRAIN[code]):
                parts.append(p); continue
            m = difflib.get_close_matches(p, TRAIN[code], n=1, cutoff=0.6)
            if m:
                print('%s: example fixed: %r -> %r' % (code, p, m[0]), file=sys.stderr); parts.append(m[0])
            else:
                print('%s: example NOT from train: %r' % (code, p), file=sys.stderr); parts.append(p)
        out.append('\n'.join(parts))
    return out
def build(code, d):
    for k in list(d):
        if k.endswith('_remove'): d[k] = fix_examples(code, d[k])
    C = d['cookie']; G = d.get('guard')
    rules = []
    src = d.get('src', TRAIN_SRC)
    if d.get('ctx'):
        rules.append(dict(id='cookie-notice-family', max=d.get('notice_max', 600), src=src,
            desc='A banner sentence naming cookies together with the site, the visitor, consent or the browser, in any order (the word families, not one sentence).',
            patterns=['(%s).*(%s)' % (C, d['ctx']), '(%s).*(%s)' % (d['ctx'], C)] + ([('(%s).*(%s).*(%s)' % (d['youcan'], C, d['anytime'])), ('(%s).*(%s).*(%s)' % (d['youcan'], d['anytime'], C)), ('(%s).*(%s).*(%s)' % (d['anytime'], d['youcan'], C))] if d.get('youcan') else []) + d.get('notice_extra', []),
            unless=([G] if G else []) + d.get('notice_unless', []) + [TECH], remove=d['notice_remove'], keep=d['notice_keep']))
    if d.get('ui'):
        rules.append(dict(id='cookie-label', max=d.get('label_max', 70), src=src,
            desc='A short line (heading, button, link, category name) that names cookies with a consent-tool word: accept, reject, settings, necessary, analytics, banner, policy.',
            patterns=[P + r'(?:[^.!?。]|\.\S)*(%s)(?:[^.!?。]|\.\S)*(%s)' % (C, d['ui']), P + r'(?:[^.!?。]|\.\S)*(%s)(?:[^.!?。]|\.\S)*(%s)' % (d['ui'], C)] + d.get('label_extra', []),
            unless=d.get('label_unless', []) + [TECH, r'[.,;。，；]\s*$'], remove=d['label_remove'], keep=d['label_keep']))
    if d.get('buttons'):
        rules.append(dict(id='consent-button-family', max=60, src=src,
            desc='Consent buttons and links that do not name cookies, as whole lines: accept/reject/allow all, accept selected, only necessary (the usual wording of consent tools, added beside the sources), manage preferences or services, let me choose, hide the banner.',
            patterns=[P + '(%s)' % b + S for b in d['buttons']],
            unless=d.get('button_unless', []), remove=d['button_remove'], keep=d['button_keep']))
    if d.get('consent'):
        rules.append(dict(id='consent-text-family', max=d.get('consent_max', 400), src=src,
            desc='Consent-manager sentences that need no cookie word: change or withdraw your consent, services we would like to use, these services process personal data, enable or disable all services, powered-by lines.',
            patterns=d['consent'], unless=[G] if G else [], remove=d['consent_remove'], keep=d['consent_keep']))
    if d.get('near'):
        rules.append(dict(id='consent-button-near-family', near=True, max=40, src=src,
            desc='Short consent buttons and toggles (accept, decline, OK, settings, always active) only beside another removed banner line.',
            patterns=[P + '(%s)' % d['near'] + S], remove=d['near_remove'], keep=d['near_keep']))
    return '\n'.join(rule(r) for r in rules)
BEGIN = '# ---- phrase families (tests/eval/bank/cookie.tsv; see the bank for the sources) ----\n'
def main(root):
    for code, d in LANGS.items():
        path = os.path.join(root, code, 'cookie.toml')
        head = ''
        if os.path.exists(path):
            head = open(path, encoding='utf-8').read()
            if BEGIN in head: head = head.split(BEGIN)[0]
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            head = '# Cookie and consent banners (%s): the notice, its category names, its buttons\n# and links, as word families. The strings behind them are in\n# tests/eval/bank/cookie.tsv (sources named in each rule).\ncategory = "cookie"\n\n' % d['name']
        open(path, 'w', encoding='utf-8').write(head.rstrip('\n') + '\n\n' + BEGIN + build(code, d))
if __name__ == '__main__':
    main(sys.argv[1])
