import os
HERE=os.path.dirname(os.path.abspath(__file__))
import re, csv, os, sys, json
exec(open(os.path.join(HERE,'vocab.py')).read()); exec(open(os.path.join(HERE,'keep.py')).read()); exec(open(os.path.join(HERE,'extra.py')).read()); exec(open(os.path.join(HERE,'amount.py')).read())
WT=os.path.abspath(os.path.join(HERE,'../../../..'))
HELD="outdated-browser roundcube social-share-button wikipedia-android wikia-ad-products tarteaucitron vextotem-antiblock issue-polfilter-336 issue-polfilter-1054 issue-polfilter-2752 issue-aak-4657 issue-adguard-88146 issue-aak-1526 issue-ubo-7625 issue-nanomeow-402".split()
bank=[r for r in csv.DictReader(open(WT+'/tests/eval/bank/widgets.tsv'),delimiter='\t')]
def key(r): return r['source'].split()[0]
train=[r for r in bank if key(r) not in HELD]
P=r'^[\s*•·▪■□>|\[(#_!¡¿»→▶\p{Pd}]*'
E=r'[\s:.!?…»>›\])|_\p{Pd}]*$'
W0=r'(?:^|[\s"\x{27}(«„“¿¡/\p{Pd}])'
WE=r'(?:$|[\s,.;:!?"\x{27})»“”\p{Pd}])'
NETS=r'(facebook|twitter|x|linkedin|pinterest|reddit|whatsapp|telegram|tumblr|xing|vk|vkontakte|pocket|flipboard|threema|diaspora\*?|fediverse|mastodon|bluesky|threads|buffer|qzone|weibo|tencent weibo|stumbleupon|e-?mail|messenger|viber|instagram|skype|evernote|digg|delicious|odnoklassniki|wykop|hatena)'
CARDB=r'(paypal|google pay|apple pay|swish|vipps|mobilepay|(kredit|credit|crédit|kreditní|kredītkarti|hitel)\S*[ -]?(kort\S*|karte\S*|card\S*|kart\S*)|kreditkort\S*|creditcard\S*|luottokorti\S*|kreditn\S* kart\S*|hitelkártyá\S*|card de credit|card\S* bancar\S*|kredi kart\S*|πιστωτική κάρτα|kredītkart\S*|kart\S* (kredytow|płatnicz)\S*|кредитн\S* карт\S*|банківськ\S* карт\S*|cartão de crédito|carta di credito|tarjeta de crédito|carte bancaire|carte de crédit|bankkort\S*|betalkort\S*|lastschrift\S*|überweisung\S*|virement\S*|bizum)'
CEND=r'(?:$|[\s,.;:!?)])'
CUR=r'(\p{Sc}|€|kr|zł|kč|ft|lei|₺|₽|грн|usd|eur)'
def py(p):
    p=p.replace(r'\x{27}',"'").replace(r'\p{Pd}',r'\-–—').replace(r'\p{Sc}',r'$€£¥₽₴').replace(r'\w',r'[0-9A-Za-z_]')
    return re.compile(p,re.I)
def tl(s): return "'"+s+"'"
def ts(s): return json.dumps(s,ensure_ascii=False)
SRC={'js-required':'browser-update, liberapay, donationinterface','social':'shariff, jssocials','donation':'liberapay, donationinterface','ad':'discourse-adplugin',
 'adblock':'wikia-app, issue-nanomeow-4158, issue-nanomeow-3742, issue-nanomeow-4180, issue-aak-698, issue-ubo-8213, issue-adguard-11454, issue-polfilter-1491, issue-polfilter-21098, issue-polfilter-427, issue-polfilter-1515, issue-polfilter-1490, issue-adguard-2111'}
def rule(lang,cat,rid,desc,pats,max_chars,unless=None,near=False,keep=(),extra_remove=(),anchor=None,cands=None,limit=4):
    cp=[py(p) for p in pats]; cu=[py(u) for u in (unless or [])]
    pool=cands if cands is not None else [r['text'] for r in train if r['language']==lang and r['category']==cat]
    rem=[]
    for t in pool:
        if '\\n' in t: continue
        s=t.strip()
        if len(s)>max_chars: continue
        if any(p.search(s) for p in cp) and not any(u.search(s) for u in cu):
            if t not in rem: rem.append(t)
        if len(rem)>=limit+6: break
    rem=[x for x in rem if lang+'/'+rid+'|'+x not in BAD]
    rem=list(extra_remove)+rem
    if not rem: rem=list(EX.get((lang,rid),[]))
    if not near: rem=rem[:limit]
    if not rem: return None, None
    if near:
        if not anchor: return None, None
        rem=[anchor+'\n'+r for r in rem[:3]]
    out=['[[rule]]','id = "%s"'%rid,'description = %s'%ts(desc)]
    if near: out.append('near_removed = true')
    out.append('patterns = [\n'+''.join('  %s,\n'%tl(p) for p in pats)+']')
    out.append('max_chars = %d'%max_chars)
    if unless: out.append('unless = [%s]'%', '.join(tl(u) for u in unless))
    out.append('remove = [%s]'%', '.join(ts(r.replace('\\n','\n')) for r in rem))
    out.append('keep = [%s]'%', '.join(ts(k) for k in keep))
    return '\n'.join(out)+'\n', rem

def topalts(rx):
    rx=rx[1:-1] if rx.startswith('(') and rx.endswith(')') else rx
    out=[];depth=0;cur=''
    i=0
    while i<len(rx):
        ch=rx[i]
        if ch=='\\': cur+=rx[i:i+2]; i+=2; continue
        if ch=='(': depth+=1
        if ch==')': depth-=1
        if ch=='|' and depth==0: out.append(cur); cur=''
        else: cur+=ch
        i+=1
    out.append(cur); return out
GEN={}
BAD=set(open(os.path.join(HERE,'bad.txt')).read().split('\n')) if os.path.exists(os.path.join(HERE,'bad.txt')) else set()
def emit(lang,cat,text):
    if text: GEN.setdefault((lang,cat),[]).append(text)
for lang,v in V.items():
    k=K[lang]; rep=[W0+v['reported']+WE]
    # js-required
    wf=SRC['js-required']
    t,r_js=rule(lang,'js-required','fam-javascript-notice',"Notices that the page needs JavaScript: the word JavaScript and a word of enabling, needing or being switched off, in either order. Written from: %s."%wf,
        [r'javascript\w*.*'+W0+v['js_word'], W0+v['js_word']+r'.*javascript'],300,
        unless=rep+[r'(framework|bibliot|librar|librer|código|code|kód|kod|koodi|программ|програм|entwickl|develop|desarroll|svilupp|ecmascript|node\.?js|typescript|javascriptcore|jit|by default|standardmäßig|par défaut|api|engine|interpreter|webkit|spidermonkey|compiler|runtime)'],keep=[k['js']])
    emit(lang,'js-required',t)
    t,r_br=rule(lang,'js-required','fam-browser-outdated',"Browser-support notices: a browser word and an outdated/unsupported word, in either order (browser-update.org bars, obsolete-browser warnings). Written from: %s."%wf,
        [W0+v['browser']+r'.*'+W0+v['outdated'], W0+v['outdated']+r'.*'+W0+v['browser']]+([r'^[\s*•>|!]*(internet explorer|ie) ?\d*( and (internet explorer|ie) ?\d*)? (is|are) (no longer|not) supported'] if lang=='en' else []),300,unless=rep,keep=[k['browser']])
    emit(lang,'js-required',t)
    t,_=rule(lang,'js-required','fam-update-browser',"Update-your-browser buttons as a whole line. Written from: %s."%wf,[P+v['upd']+r'( now| jetzt| nyt| nu| nå| teď| most| acum| şimdi| ahora| ora| agora| maintenant)?'+E],80,keep=[k['browser']])
    emit(lang,'js-required',t)
    anc=(r_br or r_js or [None])[0]
    t,_=rule(lang,'js-required','fam-notice-buttons',"Dismiss/ignore/remind buttons of a browser or JavaScript notice, only next to a removed line. Written from: %s."%wf,[P+v['btn']+E],40,near=True,anchor=anc,keep=[k['browser']+'\n'+v['btn'].strip('()').split('|')[0].capitalize()])
    emit(lang,'js-required',t)
    # social
    wf=SRC['social']
    t,r_sn=rule(lang,'social','fam-share-network',"A share button: a share verb with a network name (and the case ending the language puts on it), in either order, as the whole line. Written from: %s."%wf,
        [P+v['share']+r'( '+v['shareprep']+r')? '+NETS+r'[^\s]{0,6}( '+v['share_sfx']+r')?'+E, P+r'('+v['shareprep']+r' )?'+NETS+r'[^\s]{0,6} '+v['share_sfx']+E],60,keep=[k['social'],'Facebook'],limit=6)
    emit(lang,'social',t)
    multi=[a for a in topalts(v['sharelabel']) if ' ' in a]
    if multi:
        t,_=rule(lang,'social','fam-share-phrase',"Multi-word share-bar labels (copy the link, send by e-mail, save to Pocket) as the whole line. Written from: %s."%wf,[P+'('+'|'.join(multi)+')'+E],45,keep=[k['social']])
        emit(lang,'social',t)
    t,_=rule(lang,'social','fam-share-label',"Share-bar labels (share, copy link, print, send by e-mail) as a whole line, only next to a removed line. Written from: %s."%wf,[P+v['sharelabel']+E],45,near=True,anchor=(r_sn or [None])[0],keep=[k['social']])
    emit(lang,'social',t)
    # donation
    wf=SRC['donation']
    t,r_db=rule(lang,'donation','fam-donate-button',"Donate/support buttons as the whole line, with an optional recipient. Written from: %s."%wf,[P+v['donate']+r'( now| jetzt| nyt| nu| nå| acum| şimdi| ahora| ora| agora| maintenant| teď)?'+E],60,keep=[k['donation']])
    emit(lang,'donation',t)
    t,r_dt=rule(lang,'donation','fam-donation-thanks',"Thank-you lines of a donation widget: a thanks word, then a donation word. Written from: %s."%wf,[P+v['thanks']+r'.*'+v['don_noun'], P+v['don_noun']+r'.*'+W0+v['thanks']+r'\S*\s*!\s*$'],120,unless=rep,keep=[k['donation']])
    emit(lang,'donation',t)
    t,r_dp=rule(lang,'donation','fam-donation-payment',"Payment lines of a donation form: a line that opens with a donate/donation word and names a payment method. Written from: %s."%wf,[P+'('+v['donate']+'|'+v['don_noun']+r')[\s,.;:!?)\p{Pd}](.*[\s(])?'+CARDB+CEND],120,unless=rep,keep=[k['donation']])
    emit(lang,'donation',t)
    t,r_da=rule(lang,'donation','fam-donation-amount',"Amount prompts of a donation form: an other-amount/choose-an-amount label as the whole line. Written from: %s."%wf,[P+OT[lang]+E],70,unless=rep,keep=[k['donation']])
    emit(lang,'donation',t)
    t,_=rule(lang,'donation','fam-journalism-appeal',"Reader appeals: a journalism/newsroom word and a donation word on one line, in either order. Written from: no bank source (the bank has no news-site appeal in this language); vocabulary of the language.",[W0+v['journalism']+'.*'+W0+'('+v['donate']+'|'+v['don_noun']+')'+WE, W0+'('+v['donate']+'|'+v['don_noun']+')'+WE+'.*'+W0+v['journalism']],250,unless=rep,keep=[k['donation']],cands=[JA[lang]] if lang in JA else [])
    emit(lang,'donation',t)
    if lang=='en':
        AMTP=r'([\p{Sc}]|us\$)\s?\d[\d,.]*k?\s*(a|per|each|every|/)\s?(month|year|week|day|mo)(?:$|[^a-z])'
        t,_=rule(lang,'donation','fam-amount-appeal',"Appeals that name an amount per period and speak to the reader ('It costs us $300 a month ... Can you chip in?', 'Give $5 a month'). Written from: liberapay (amount per week/month), and paraphrases.",[r'(?:^|[^a-z])(give|donate|chip in|pledge|contribute|support us|support our)(?:$|[^a-z]).*'+AMTP, AMTP+r'.*(?:^|[^a-z])(chip in|donate|donation|help us|support us|support our)(?:$|[^a-z])'],300,unless=rep,keep=["The new subway pass costs $300 a month, the city said, and you can buy it at any station.", "Rents rose to $1,200 a month in 2019.", "If you just want the film service, you will pay $6.99 per month after the trial."],cands=["It costs us $300 a month to keep this site running. Can you chip in?","Give $5 a month and help us keep the site free."])
        emit(lang,'donation',t)
    anc=(r_db or r_dt or r_dp or [None])[0]
    t,_=rule(lang,'donation','fam-amount-picker',"Amount and frequency pickers of a donation form, only next to a removed line. Written from: %s."%wf,[P+v['don_misc']+E, P+r'(('+CUR+r'\s?\d+([.,]\d\d)?|\d+([.,]\d\d)?\s?'+CUR+r')[\s|/]*)+$'],40,near=True,anchor=anc,keep=[k['donation']+'\n12 €'])
    emit(lang,'donation',t)
    # adblock
    wf=SRC['adblock']
    t,_=rule(lang,'adblock','fam-adblock-plea',"Anti-adblock notices: an ad-blocker word and a word of detecting, using, disabling or whitelisting, in either order. Written from: %s."%wf,
        [W0+v['adblock']+r'.*'+W0+v['ab_act'], W0+v['ab_act']+r'.*'+W0+v['adblock']],400,unless=rep,keep=[k['adblock']])
    emit(lang,'adblock',t)
    # ad
    wf=SRC['ad']
    t,_=rule(lang,'ad','fam-ad-label',"Ad markers as the whole line. Written from: %s, and the language's usual ad-label words."%wf,[P+v['ad']+E],40,keep=[k['ad']])
    emit(lang,'ad',t)
exec(open(os.path.join(HERE,'cjk.py')).read())
json.dump({'%s/%s'%kk:vv for kk,vv in GEN.items()},open(os.path.join(HERE,'gen.json'),'w'),ensure_ascii=False)
missing=[(l,c) for l in V for c in ['js-required','social','donation','adblock','ad'] if (l,c) not in GEN]
print('generated',sum(len(x) for x in GEN.values()),'rules; no rule for',missing)
for kk,vv in GEN.items(): print(kk, len(vv))
