import csv, re, sys, os, subprocess, json
sys.path.insert(0,'/tmp/mb'); from vocab import V
W='/work/wt/member'
H=('ghost-theme','ghost-comments','liebling','devise-i18n','listmonk','pmpro')
bank=[r for r in csv.DictReader(open(W+'/tests/eval/bank/member.tsv'),delimiter='\t',quoting=csv.QUOTE_NONE)]
train=[r for r in bank if not r['source'].startswith(H)]
P=r"^[\s*•·▪>|#(\[\x{2013}\x{2014}-]*"
E=r"[\s.!?…:)\]]*$"
CATS={'login':('lb','lx'),'newsletter':('nb','nx'),'subscription':('sb','sx'),'paywall':('pb','px')}
FORM=True
SCRIPT={'ru','uk','ja','zh','ko'}
def fixb(p):
    p=re.sub(r'\\b(?=[^\x00-\x7f])','',p); p=re.sub(r'(?<=[^\x00-\x7f])\\b','',p); p=re.sub(r'(?<=\))\\b','',p)
    p=re.sub(r'\\b$','',p); p=re.sub(r'(?<!\[)\\w[+*]',r'\\S*',p); return p
def pats(items):
    items=[fixb(x) for x in items]
    whole=[p[1:] for p in items if p.startswith('=')]
    out=[P+'('+'|'.join(whole)+')'+E] if whole else []
    return out+[p for p in items if not p.startswith('=')]
import re as pyre
def py(p):  # approximate RE2 pattern in python for example selection
    p=p.replace(r'\x{2013}','\u2013').replace(r'\x{2014}','\u2014').replace(r'\x{27}',"'")
    p=re.sub(r'\\p\{(\w+)\}',r'\\w',p)
    try: return pyre.compile(p,re.I)
    except Exception as e: print('PYRE',p,e,file=sys.stderr); return None
def tq(s): return "'"+s+"'" if "'" not in s else None
def tstr(s): return json.dumps(s,ensure_ascii=False)
KEEP=json.load(open('/tmp/mb/keep.json'))
EXTRA=json.load(open('/tmp/mb/extra.json'))
def srcs(rs): return sorted({r['source'].split()[0] for r in rs})
def gen(lang, cat):
    v=V[lang]; bk,xk=CATS[cat]
    rules=[]
    def multi(x):
        y=x
        for _ in range(4): y=re.sub(r'\([^()]*\)\?','',y)
        y=y.replace(' ?','')
        return ' ' in y and '|' not in re.sub(r'\([^()]*\)','',y)
    bl=v.get(bk,[]); mw=[x for x in bl if multi(x)]; sw=[x for x in bl if not multi(x)]
    lines=pats(v.get(xk,[])+['='+x for x in mw]); btn=[P+'('+'|'.join(sw)+')'+E] if sw else []
    trl=[r for r in train if r['language']==lang]
    def hits(pl, rs):
        cs=[py(p) for p in pl]; return [r for r in rs if any(c and c.search(r['text']) for c in cs)]
    out=[]
    said=v['said']
    keep=KEEP.get(lang,[])+KEEP.get(lang+'-'+cat,[])
    if lines:
        h=hits(lines,trl); ex=[r['text'] for r in h if r['category']==cat][:8] or [r['text'] for r in h][:5]
        if not ex: ex=EXTRA.get(lang+'-'+cat,[]); print('OWN EXAMPLE',lang,cat,file=sys.stderr)
        if lang in SCRIPT: ex=[e for e in ex]
        out.append(dict(id='family-lines',description=f"{cat} notices of membership and newsletter widgets, as phrase families (several orders and subjects). Written from: {', '.join(srcs(h)) or 'vocabulary'}.{' Example: a paraphrase of our own.' if not h else ''}",
             patterns=lines,max_chars=320,unless=[said],remove=ex,keep=keep))
    if cat=='newsletter' and v.get('nf'):
        nf=[fixb(x) for x in v['nf']]
        h=hits(nf,trl); ex=[r['text'] for r in h if r['category']==cat][:6]
        if ex:
            out.append(dict(id='family-form',description=f"The short lines of an e-mail sign-up form: its field label, the valid-address error, check-your-inbox and sent messages (lines of 90 characters at most). Written from: {', '.join(srcs(h))}.",
                patterns=nf,max_chars=90,unless=[said],remove=ex,keep=keep))
    if btn:
        h=hits(btn,trl); lone=[r['text'] for r in h][:6]
        anchor=out[0]['remove'][0] if out and out[0]['remove'] else None
        if anchor and lone and lang not in ('ko-x',):
            out.append(dict(id='family-buttons',description=f"Short {cat} buttons and labels standing alone on a line, only beside another removed line. Written from: {', '.join(srcs(h))}.",
               patterns=btn,max_chars=60,near_removed=True,remove=[a+'\n'+l for l in lone for a in out[0]['remove'][:2]],keep=[l for l in lone[:1]]+keep[:1]))
    return out
def toml(rules):
    s=''
    for r in rules:
        s+='\n[[rule]]\n'
        s+=f"id = \"{r['id']}\"\n"
        s+=f"description = {tstr(r['description'])}\n"
        s+='patterns = [\n'+''.join(f"  {tq(p) or tstr(p)},\n" for p in r['patterns'])+']\n'
        s+=f"max_chars = {r['max_chars']}\n"
        if r.get('near_removed'): s+='near_removed = true\n'
        if r.get('unless'): s+='unless = ['+', '.join(tq(u) or tstr(u) for u in r['unless'])+']\n'
        s+='remove = [\n'+''.join(f"  {tstr(x)},\n" for x in r['remove'])+']\n'
        s+='keep = [\n'+''.join(f"  {tstr(x)},\n" for x in r['keep'])+']\n'
    return s
MARK='\n# ---- phrase families (tests/eval/bank/member.tsv; held-out sources: ghost-theme, ghost-comments, liebling, devise-i18n, listmonk, pmpro) ----\n'
langs=sys.argv[1:] or sorted(V)
for lang in langs:
    for cat in CATS:
        rules=gen(lang,cat)
        if not rules: continue
        path=f'{W}/rules/{lang}/{cat}.toml'
        if os.path.exists(path):
            old=open(path).read().split(MARK)[0]
        else:
            os.makedirs(os.path.dirname(path),exist_ok=True)
            old=f'# {cat} notices in language "{lang}".\ncategory = "{cat}"\n'
        open(path,'w').write(old.rstrip('\n')+'\n'+MARK+toml(rules))
        print('wrote',path,len(rules),file=sys.stderr)
