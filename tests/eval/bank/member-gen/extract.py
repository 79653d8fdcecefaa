import json, re, subprocess, sys, yaml
M='/work/.mirror/'
def show(repo, path, rev='HEAD'):
    return subprocess.run(['git','-C',M+repo+'/repo','show',f'{rev}:{path}'],capture_output=True,text=True).stdout
def ls(repo, rev='HEAD'):
    return subprocess.run(['git','-C',M+repo+'/repo','ls-tree','-r','--name-only',rev],capture_output=True,text=True).stdout.split('\n')
LANGS={'en','de','fr','es','it','pt','nl','pl','ru','uk','cs','sv','da','nb','fi','hu','ro','tr','ja','zh','ko','id','el','lv'}
MAP={'pt-BR':None,'pt_BR':None,'zh-Hant':None,'zh_tw':None,'zh-TW':None,'zh-CN':'zh','zh-hans':'zh','zh_Hans':'zh','zh-hant':None,'no':'nb','dk':'da','ua':None,'nb':'nb'}
def lang_of(code):
    if code in MAP: return MAP[code]
    return code if code in LANGS else None
FILL={'tiers':'Gold','sitetitle':'The Harbour Post','amount':'3','number':'3','trialDays':'7','price':'$5','originalPrice':'$5/month','period':'month','highestYearlyDiscount':'20','expiryDate':'May 3','duration':'30','count':'3'}
def fill(s):
    s=re.sub(r'<br\s*/?>',' ',s)
    s=re.sub(r'</?\w+[^>]*>','',s)
    s=re.sub(r'<\d+>|</\d+>','',s)
    def rep(m):
        n=m.group(1)
        return FILL.get(n,'The Harbour Post')
    s=re.sub(r'\{\{\s*(\w+)\s*\}\}',rep,s)
    s=re.sub(r'%\{(\w+)\}',rep,s)
    s=re.sub(r'\{(\w+)\}',rep,s)
    s=re.sub(r'%(\d\$)?s','The Harbour Post',s)
    s=s.replace('!!name!!','Gold').replace('\t',' ').replace('\n','\\n').strip()
    return s
rows=[]; seen=set()
def add(cat,lang,text,key,where):
    text=fill(text)
    if not text or (lang,text) in seen: return
    seen.add((lang,text)); rows.append([cat,lang,text,f'{key} {where}'])
def flat_json(repo, files, key, sel, desc):
    """files: dict lang->path ; sel: list of (cat, key)"""
    en=None
    for code,path in files.items():
        L=lang_of(code)
        if not L: continue
        try: d=json.loads(show(repo,path))
        except Exception as e: print('skip',path,e,file=sys.stderr); continue
        if isinstance(d,dict) and len(d)==1 and isinstance(next(iter(d.values())),dict) and not sel[0][1] in d: d=next(iter(d.values()))
        ens=ENS.get(repo+key)
        for cat,k in sel:
            v=d.get(k)
            if L=='en' and v=='': v=k
            if not v or not isinstance(v,str): continue
            if L!='en' and ens and ens.get(k)==v: continue
            add(cat,L,v,key,f'github:{desc}:{path}')
ENS={}
# ---- Ghost portal
gh='adssssa+la'
def ghost_files(ns):
    out={}
    for p in ls(gh):
        m=re.match(r'ghost/i18n/locales/([^/]+)/'+ns+r'\.json$',p)
        if m: out[m.group(1)]=p
    return dict(sorted(out.items(), key=lambda x: x[0]!='en'))
def set_en(repo,key,path):
    ENS[repo+key]=json.loads(show(repo,path))
portal=[('subscription','Subscribe'),('login','Already a member?'),('login',"Don't have an account?"),('subscription','View plans'),
 ('subscription','Start {{amount}}-day free trial'),('subscription','Try free for {{amount}} days, then {{originalPrice}}.'),('subscription','Cancel anytime.'),
 ('paywall','You currently have a free membership, upgrade to a paid subscription for full access.'),('paywall','Unlock access to all newsletters by becoming a paid subscriber.'),
 ('subscription','{{amount}} off for first {{number}} months.'),('subscription','(save {{highestYearlyDiscount}}%)'),('subscription','Choose a different plan'),
 ('subscription','Memberships unavailable, contact the owner for access.'),('subscription','Success! Your account is fully activated, you now have access to all content.'),
 ('login','Sign in'),('login','Sign up'),('login','Back to Log in'),('login','Sending login link...'),
 ('login',"A login link has been sent to your inbox. If it doesn't arrive in 3 minutes, be sure to check your spam folder."),
 ('login','Success! Check your email for magic link to sign-in.'),('login',"You've successfully signed in."),('login','Welcome back!'),('login','Could not sign in. Login link expired.'),
 ('login','This site is invite-only, contact the owner for access.'),
 ('newsletter','Enter your email address'),('newsletter','Now check your email!'),
 ('newsletter',"To complete signup, click the confirmation link in your inbox. If it doesn't arrive within 3 minutes, check your spam folder!"),
 ('newsletter',"You've successfully subscribed to"),('newsletter','Thank you for subscribing. Before you start reading, below are a few other sites you may enjoy.'),
 ('newsletter','To continue to stay up to date, subscribe to {{publication}} below.'),('newsletter','Choose your newsletters'),('newsletter','Verification link sent, check your inbox'),
 ('subscription','Free Trial – Ends {{trialEnd}}'),('subscription','{{amount}} days free'),('newsletter','Email newsletter')]
f=ghost_files('portal'); set_en(gh,'ghost-portal',f['en']); flat_json(gh,f,'ghost-portal',portal,'TryGhost/Ghost')
comments=[('subscription','Become a member of {{publication}} to start commenting.'),('paywall','Become a paid member of {{publication}} to start commenting.'),
 ('login','Sign up now'),('subscription','Upgrade now'),('login','Already a member?'),('login','Sign in')]
f=ghost_files('comments'); set_en(gh,'ghost-comments',f['en']); flat_json(gh,f,'ghost-comments',comments,'TryGhost/Ghost')
sf=[('newsletter','Subscribe'),('newsletter','Your email address'),('newsletter','Now check your email!'),('newsletter','Please enter a valid email address'),('newsletter','Email sent')]
f=ghost_files('signup-form'); set_en(gh,'ghost-signup',f['en']); flat_json(gh,f,'ghost-signup',sf,'TryGhost/Ghost')
# ghost content cta (English only)
for cat,t in [('paywall','This post is for paying subscribers only'),('paywall','This post is for subscribers only'),('paywall','This page is for subscribers on the Gold tier only'),
              ('subscription','Upgrade your account'),('subscription','Subscribe now'),('login','Already have an account? Sign in')]:
    add(cat,'en',t,'ghost-cta','github:TryGhost/Ghost:ghost/core/core/frontend/helpers/tpl/content-cta.hbs')
# ---- liebling
lb='eddiesigner+liebling'
lf={p[8:-5]:p for p in ls(lb) if re.match(r'locales/[^/]+\.json$',p)}
lf=dict(sorted(lf.items(), key=lambda x: x[0]!='en'))
set_en(lb,'liebling',lf['en'])
flat_json(lb,lf,'liebling',[('newsletter','Get the latest posts delivered right to your inbox.'),('newsletter',"Great! You've successfully subscribed."),
 ('newsletter','Now check your inbox and click the link to confirm your subscription.'),('newsletter','Stay up to date! Get all the latest & greatest posts delivered straight to your inbox.'),
 ('newsletter','Subscribe to our newsletter'),('newsletter','Subscribe to {blogtitle}'),('newsletter','Subscribed!'),('newsletter','Your email address'),
 ('subscription','Great! Next, complete checkout for full access.'),('subscription','Success! Your account is fully activated, you now have access to all content.'),
 ('login',"Welcome back! You've successfully signed in.")],'eddiesigner/liebling')
# ---- attila
at='zutrinken+attila'
af={p[8:-5]:p for p in ls(at) if re.match(r'locales/[^/]+\.json$',p)}
af=dict(sorted(af.items(), key=lambda x: x[0]!='en')); set_en(at,'attila',af['en'])
flat_json(at,af,'attila',[('newsletter','Subscribe'),('newsletter','Your email address'),('login','Sign in'),('login','Sign up')],'zutrinken/attila')
# ---- listmonk
lm='knadh+listmonk'
lmf={p[5:-5]:p for p in ls(lm) if re.match(r'i18n/[^/]+\.json$',p)}
lmf=dict(sorted(lmf.items(), key=lambda x: x[0]!='en')); set_en(lm,'listmonk',lmf['en'])
flat_json(lm,lmf,'listmonk',[('newsletter',k) for k in ['public.sub','public.subConfirmed','public.subOptinPending','public.confirmSub','public.subName','public.unsubHelp','public.unsubFull','public.noListsAvailable','public.subTitle']],'knadh/listmonk')
# ---- lemmy
le='LemmyNet+lemmy-translations'
lef={p[9:-5]:p for p in ls(le) if re.match(r'frontend/[^/]+\.json$',p)}
lef=dict(sorted(lef.items(), key=lambda x: x[0]!='en')); set_en(le,'lemmy',lef['en'])
flat_json(le,lef,'lemmy',[('login',k) for k in ['login_sign_up','login','sign_up','forgot_password','must_login','profile_not_logged_in_alert','community_not_logged_in_alert']],'LemmyNet/lemmy-translations')
# ---- devise-i18n (yaml)
dv='tigrish+devise-i18n'
dsel=[('devise.failure.unauthenticated'),('devise.failure.timeout'),('devise.sessions.new.sign_in'),('devise.shared.links.sign_up'),('devise.shared.links.forgot_your_password'),
      ('devise.shared.links.didn_t_receive_confirmation_instructions'),('devise.sessions.signed_in'),('devise.failure.already_authenticated'),('activerecord.attributes.user.remember_me'),('devise.shared.links.sign_in')]
def dig(d,k):
    for p in k.split('.'):
        if not isinstance(d,dict) or p not in d: return None
        d=d[p]
    return d
den=None
files=[p for p in ls(dv) if re.match(r'rails/locales/[^/]+\.yml$',p)]
files.sort(key=lambda p: p!='rails/locales/en.yml')
for p in files:
    code=p[14:-4]; L=lang_of(code)
    if not L: continue
    y=yaml.safe_load(show(dv,p)); y=y[next(iter(y))]
    if code=='en': den=y
    for k in dsel:
        v=dig(y,k)
        if isinstance(v,str) and (L=='en' or v!=dig(den,k)): add('login',L,v,'devise-i18n',f'github:tigrish/devise-i18n:{p}')
# ---- auth0 lock (node)
al='auth0+lock'
js=r'''
const fs=require('fs');const src=fs.readFileSync(0,'utf8').replace(/^[\s\S]*?export default/,'module.exports=');
const m={exports:{}};new Function('module',src)(m);const d=m.exports;
const ks=['loginLabel','loginWithLabel','signUpLabel','forgotPasswordAction','notYourAccountAction','lastLoginInstructions','passwordlessEmailInstructions','signUpWithLabel','loginAtLabel','signUpTerms','welcome','title'];
const o={};for(const k of ks){if(typeof d[k]==='string')o[k]=d[k];}
if(d.success){o['success.logIn']=d.success.logIn;o['success.signUp']=d.success.signUp;}
console.log(JSON.stringify(o));'''
alf=[p for p in ls(al) if re.match(r'src/i18n/[^/]+\.js$',p)]
alf.sort(key=lambda p: p!='src/i18n/en.js'); aen=None
for p in alf:
    code=p[9:-3]; L=lang_of(code)
    if not L: continue
    r=subprocess.run(['node','-e',js],input=show(al,p),capture_output=True,text=True)
    if r.returncode: print('auth0 fail',p,r.stderr[:200],file=sys.stderr); continue
    d=json.loads(r.stdout)
    if code=='en': aen=d
    for k in ['loginLabel','loginWithLabel','signUpLabel','forgotPasswordAction','notYourAccountAction','lastLoginInstructions','passwordlessEmailInstructions','success.logIn','success.signUp','signUpWithLabel','loginAtLabel']:
        v=d.get(k)
        if isinstance(v,str) and (L=='en' or v!=aen.get(k)): add('login',L,v,'auth0-lock',f'github:auth0/lock:{p}')
# ---- poool (en, fr)
pr='p3ol+react-native-access'; rev='1870e02d30d3f23debd0f7659a22268f413b0955^'
PC={'thanks':'paywall','subscribe_link':'subscription','login_link':'login','login_email':'login','signature':'subscription','signature_button':'subscription','popover':'paywall','popover_mobile':'paywall',
    'video_title':'paywall','newsletter_desc':'newsletter','newsletter_input':'newsletter','newsletter_optin_label':'newsletter','pass_title':'subscription','pass_desc':'subscription',
    'subscription_title':'paywall','subscription_desc':'subscription','subscription_button':'subscription','link_title':'paywall','no_thanks':'subscription','login_google':'login','pass_button':'subscription'}
for code in ['en','fr']:
    src=show(pr,f'src/languages/{code}.js',rev)
    r=subprocess.run(['node','-e',"const s=require('fs').readFileSync(0,'utf8').replace(/^[\\s\\S]*?export default/,'module.exports=');const m={};new Function('module',s)(m);console.log(JSON.stringify(m.exports))"],input=src,capture_output=True,text=True)
    d=json.loads(r.stdout)
    for k,c in PC.items():
        if k in d: add(c,code,d[k],'poool',f'github:p3ol/react-native-access:src/languages/{code}.js')
# ---- pot files (English)
def pot(repo,path,key,desc,sel):
    t=show(repo,path)
    ids=set(re.findall(r'^msgid "(.+)"$',t,re.M))
    for cat,s in sel:
        if s in ids: add(cat,'en',s.replace('\\"','"'),key,f'github:{desc}:{path}')
        else: print('pot missing',key,s,file=sys.stderr)
pot('strangerstudios+paid-memberships-pro','languages/paid-memberships-pro.pot','pmpro','strangerstudios/paid-memberships-pro',
  [('paywall','This content is for members only. Visit the site and log in/register to read.'),('subscription','Join Now'),('login','Already a member?'),('login','Log in here'),('subscription','Sign Up Now'),('login','Log in to change your profile picture.')])
pot('rocketgeek+wp-members','i18n/languages/wp-members.pot','wp-members','rocketgeek/wp-members',
  [('login','Existing Users Log In'),('login','Remember Me'),('login','Forgot password?'),('login','Click here to reset'),('login','New User?'),('login','Click here to register'),('login','New User Registration'),('login','Forgot username?'),('login','You must be logged in to view this content.'),('paywall','This content requires the following membership: '),('paywall','This content requires one of the following memberships: ')])
# ---- Ghost official theme locales (TryGhost/Source; Casper/Dawn/Headline ship the same files)
gt='TryGhost+Source'
gtf={p[8:-5]:p for p in ls(gt) if re.match(r'locales/[^/]+\.json$',p) and 'context' not in p and not p.endswith('/en.json')}
gsel=[('paywall','This post is for paying subscribers only'),('paywall','This post is for subscribers only'),('paywall','This page is for subscribers on the {tiers} only'),
 ('paywall','Paid-members only'),('paywall','Members only'),('paywall','Upgrade to a paid account to get full access.'),('paywall','This page is for paying subscribers only'),
 ('subscription','Subscribe now'),('subscription','Upgrade now'),('subscription','Upgrade your account'),('subscription','Subscribe to {sitetitle}'),
 ('subscription','Don’t miss out on the latest issues. Sign up now to get access to the library of members-only issues.'),('subscription','Sign up now to get access to the library of members-only issues.'),
 ('login','Already have an account?'),('login','Sign in.'),('login','Login'),
 ('newsletter','Enter your email'),('newsletter','Email sent'),('newsletter','Please enter a valid email address'),('newsletter','Subscription confirmed!')]
flat_json(gt,gtf,'ghost-theme',gsel,'TryGhost/Source')
json.dump(rows,open('/tmp/mb/rows.json','w'),ensure_ascii=False)
from collections import Counter
c=Counter((r[0],r[1]) for r in rows)
cats=['paywall','subscription','login','newsletter']
langs=sorted({r[1] for r in rows})
print('lang '+' '.join(x[:5] for x in cats))
for L in langs: print(L, ' '.join(f'{c[(k,L)]:5d}' for k in cats))
print(len(rows), Counter(r[3].split()[0] for r in rows))
