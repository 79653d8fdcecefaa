import os
HERE=os.path.dirname(os.path.abspath(__file__))
import json, os
WT=os.path.abspath(os.path.join(HERE,'../../../../rules'))+'/'
G=json.load(open(os.path.join(HERE,'gen.json')))
MARK='# --- Phrase families: one vocabulary per language (words and inflections), several orders, guards. ---\n'
TITLE={'js-required':'JavaScript and browser-support notices','social':'Share and follow residue','donation':'Donation appeals and donation-form residue','adblock':'Anti-adblock notices','ad':'Ad markers'}
NAMES=dict(de='German',fr='French',es='Spanish',it='Italian',pt='Portuguese',nl='Dutch',pl='Polish',ru='Russian',uk='Ukrainian',cs='Czech',sv='Swedish',da='Danish',nb='Norwegian Bokmål',fi='Finnish',hu='Hungarian',ro='Romanian',tr='Turkish',el='Greek',lv='Latvian',id='Indonesian',ja='Japanese',zh='Chinese',ko='Korean',en='English')
for k,rules in G.items():
    lang,cat=k.split('/')
    path=WT+lang+'/'+cat+'.toml'
    if os.path.exists(path):
        s=open(path).read()
        if MARK in s: s=s[:s.index(MARK)]
        s=s.rstrip('\n')+'\n\n'
    else:
        os.makedirs(WT+lang,exist_ok=True)
        s='# %s (%s).\ncategory = "%s"\n\n'%(TITLE[cat],NAMES[lang],cat)
    s+=MARK+'\n'+'\n'.join(rules)
    open(path,'w').write(s)
print('ok')
