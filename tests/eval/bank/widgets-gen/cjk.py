# CJK families (no word boundaries); called from gen.py after the Latin loop
CJ = {
'ja': dict(
  keep=dict(js="JavaScriptは1995年にブレンダン・アイクが開発したプログラミング言語だ。", browser="ネットスケープのブラウザは1990年代に市場を独占していた。", social="近所の人たちは川沿いの畑を共同で使っている。", donation="財団は昨年、二百万円の寄付を受けたと広報担当者が述べた。", adblock="調査によると、利用者の四人に一人が広告ブロックを使っているという。", ad="テレビ広告の市場は昨年一割縮小した。"),
  js=[r'javascript.*(有効|オンに|必要|無効|対応していません|許可)', r'(有効|必要|無効).*javascript'], jsun=[r'(言語|開発|フレームワーク|ライブラリ|によると|と述べ)'],
  br=[r'ブラウザ.*(最新版ではありません|古い|サポートされていません|対応していません|更新|アップデート)', r'(古い|旧式の|サポート外の)ブラウザ'],
  btn=[P+r'(次回から表示しない|今後表示しない|無視する|閉じる|後で通知する)'+E],
  sn=[P+r'\S{0,20}(上で|で)(共有|シェア)(する)?'+E, P+r'(ツイートする|ツイート|ポストする)'+E], sl=[P+r'(共有する|共有|シェアする|シェア|リンクをコピー|印刷|\S{0,15}に保存)'+E],
  db=[P+r'(\S{0,20}(さん)?に)?寄付(する)?'+E, P+r'(寄付のお願い|ご寄付はこちら)'+E], dt=[r'寄付.*(ありがとう|感謝)', r'(ありがとう|感謝).*寄付'], dp=[r'(クレジットカード|paypal|ペイパル|支払い方法).*寄付', r'寄付.*(クレジットカード|paypal)', r'寄付(する)?金額'],
  dm=[P+r'(これ以外の額|その他の金額|金額を選択|毎月|1回のみ|一回のみ|定額|\S{0,15}を支援する)'+E],
  ab=[r'(広告ブロック|広告ブロッカー|アドブロック|広告をブロック|(?:^|[^a-z])adblock).*(無効|解除|オフ|検出|使用|利用|改変|ホワイトリスト|許可)', r'(無効|解除|オフ|検出).*(広告ブロック|広告ブロッカー|アドブロック)'],
  ad=[P+r'(広告|pr|スポンサーリンク|スポンサー|プロモーション|ad)'+E]),
'zh': dict(
  keep=dict(js="JavaScript语言由布兰登·艾克于1995年开发。", browser="网景浏览器在二十世纪九十年代占据市场主导地位。", social="邻居们多年来一起打理河边的菜园。", donation="该基金会去年收到两百万元捐款，发言人说。", adblock="调查显示，四分之一的用户使用广告拦截软件。", ad="电视广告市场去年萎缩了一成。"),
  js=[r'javascript.*(启用|啟用|开启|開啟|打开|需要|必须|须|禁用|停用|不支持|不支援)', r'(启用|啟用|开启|開啟|需要|须|禁用).*javascript'], jsun=[r'(语言|語言|开发|開發|框架|库|庫|表示|称|說|说)'],
  br=[r'(浏览器|瀏覽器).*(过期|過期|过时|過時|太旧|太舊|版本过低|版本過低|不再支持|不受支持|更新|升级|升級)', r'(过时|過時|旧版|舊版)的?(浏览器|瀏覽器)'],
  btn=[P+r'(不再显示|不再顯示|忽略|关闭|關閉|稍后提醒)'+E],
  sn=[P+r'(分享(到|至|给|給)|转发到|轉發到)\s?\S{1,20}'+E, P+r'在?\s?\S{1,20}上分享'+E], sl=[P+r'(分享|转发|轉發|复制链接|複製連結|打印|列印|保存到\s?\S{1,15})'+E],
  db=[P+r'(捐赠|捐款|捐助|捐贈|打赏|打賞|赞助我们|贊助我們|支持我们|支持我們)((给|給)\s?\S{1,20})?'+E], dt=[r'(感谢|感謝|谢谢|謝謝).*(捐款|捐赠|捐贈)'], dp=[r'(信用卡|支付宝|支付寶|微信支付|paypal|付款方式).*(捐赠|捐款|捐贈)', r'(捐赠|捐款|捐贈).*(信用卡|支付宝|微信支付)', r'金额以捐款|捐款金额|捐赠金额'],
  dm=[P+r'(其它金额|其他金额|其他金額|选择金额|每月|一次性|定期|支持\S{1,10})'+E],
  ab=[r'(广告拦截|广告屏蔽|广告过滤|廣告攔截|廣告過濾|廣告封鎖|(?:^|[^a-z])adblock).*(关闭|關閉|禁用|停用|检测|偵測|使用|移除|白名单|白名單)', r'(关闭|關閉|禁用|停用|检测到|偵測到).*(广告拦截|广告屏蔽|廣告攔截|廣告過濾)'],
  ad=[P+r'(广告|廣告|推广|推廣|赞助|贊助|赞助内容|贊助內容)'+E]),
'ko': dict(
  keep=dict(js="자바스크립트 언어는 1995년 브렌던 아이크가 개발했다.", browser="넷스케이프 브라우저는 1990년대 시장을 지배했다.", social="이웃들은 수년째 강가의 텃밭을 함께 가꾸고 있다.", donation="재단은 지난해 2억 원의 기부금을 받았다고 대변인이 말했다.", adblock="조사에 따르면 이용자 네 명 중 한 명이 광고 차단 프로그램을 쓴다.", ad="텔레비전 광고 시장은 지난해 10% 줄었다."),
  js=[r'(자바스크립트|javascript).*(활성화|허용|필요|켜)', r'(활성화|허용|필요).*(자바스크립트|javascript)'], jsun=[r'(언어|개발|프레임워크|라이브러리|말했다|밝혔다)'],
  br=[r'브라우저.*(오래되었|오래된|구버전|지원되지|지원하지|업데이트)', r'(구버전|오래된) (웹 )?브라우저'],
  btn=[P+r'(다시 표시하지 않기|다시 보지 않기|무시|닫기|나중에 알림)'+E],
  sn=[P+r'\S{1,20}(에서|으로|로|에) ?공유(하기)?'+E], sl=[P+r'(공유하기|공유|링크 복사|인쇄|\S{1,15}에 저장)'+E],
  db=[P+r'(\S{1,20} ?에\(게\) )?(기부|후원)(하기)?'+E], dt=[r'(기부|후원).*감사', r'감사.*(기부|후원)'], dp=[r'(신용 ?카드|페이팔|paypal|카카오페이|결제 수단).*(기부|후원)', r'(기부|후원)하실 금액'],
  dm=[P+r'(기타 금액|매월|정기 후원|일시 후원|\S{1,15}(를|을) 지원해주세요)'+E],
  ab=[r'(광고 ?차단|애드블록|(?:^|[^a-z])adblock).*(해제|비활성|감지|사용|끄|꺼|허용)', r'(해제|비활성|감지).*(광고 ?차단|애드블록)'],
  ad=[P+r'(광고|ad|스폰서|협찬)'+E]),
}
for lang,c in CJ.items():
    k=c['keep']
    t,r_js=rule(lang,'js-required','fam-javascript-notice',"JavaScript-required notices: JavaScript and a word of enabling, needing or being off. Written from: %s."%SRC['js-required'],c['js'],120,unless=c['jsun'],keep=[k['js']]); emit(lang,'js-required',t)
    t,r_br=rule(lang,'js-required','fam-browser-outdated',"Browser-support notices: a browser word and an outdated/unsupported/update word. Written from: %s."%SRC['js-required'],c['br'],120,unless=c['jsun'],keep=[k['browser']]); emit(lang,'js-required',t)
    t,_=rule(lang,'js-required','fam-notice-buttons',"Dismiss buttons of a browser notice, only next to a removed line. Written from: %s."%SRC['js-required'],c['btn'],30,near=True,anchor=(r_br or r_js or [None])[0],keep=[k['browser']]); emit(lang,'js-required',t)
    t,r_sn=rule(lang,'social','fam-share-network',"Share buttons: a network name and the share verb, as the whole line. Written from: %s."%SRC['social'],c['sn'],40,keep=[k['social']],limit=6); emit(lang,'social',t)
    t,_=rule(lang,'social','fam-share-label',"Share-bar labels, only next to a removed line. Written from: %s."%SRC['social'],c['sl'],30,near=True,anchor=(r_sn or [None])[0],keep=[k['social']]); emit(lang,'social',t)
    t,r_db=rule(lang,'donation','fam-donate-button',"Donate buttons as the whole line. Written from: %s."%SRC['donation'],c['db'],40,keep=[k['donation']]); emit(lang,'donation',t)
    t,r_dt=rule(lang,'donation','fam-donation-thanks',"Thank-you lines of a donation widget. Written from: %s."%SRC['donation'],c['dt'],100,unless=c['jsun'],keep=[k['donation']]); emit(lang,'donation',t)
    t,r_dp=rule(lang,'donation','fam-donation-payment',"Payment and amount lines of a donation form. Written from: %s."%SRC['donation'],c['dp'],100,unless=c['jsun'],keep=[k['donation']]); emit(lang,'donation',t)
    t,_=rule(lang,'donation','fam-amount-picker',"Amount and frequency pickers, only next to a removed line. Written from: %s."%SRC['donation'],c['dm'],30,near=True,anchor=(r_db or r_dt or r_dp or [None])[0],keep=[k['donation']]); emit(lang,'donation',t)
    t,_=rule(lang,'adblock','fam-adblock-plea',"Anti-adblock notices: an ad-blocker word and a word of detecting, using or disabling. Written from: %s."%SRC['adblock'],c['ab'],200,unless=c['jsun'],keep=[k['adblock']]); emit(lang,'adblock',t)
    t,_=rule(lang,'ad','fam-ad-label',"Ad markers as the whole line. Written from: %s."%SRC['ad'],c['ad'],20,keep=[k['ad']]); emit(lang,'ad',t)
