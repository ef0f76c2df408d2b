// Traditional -> Simplified folding for the characters that matter to sentiment,
// complaint and service vocabulary (a project-written table of 398 common pairs).
// Folding before segmentation lets one Simplified lexicon and jieba's dictionary serve
// both scripts; characters not in the table pass through unchanged.
const TRAD = "務態間乾淨這個們來說對時會為過還沒麼讓點樣機場飛線準誤應該辦問題關係給錢費價貴買賣換壞錯號員經驗質標產顧電話聯絡動難聽見覺現實東車開門氣熱涼飯飲麵湯鹹髒亂舊廁響聲環設備轉專業處復覆隨訂單據發貨運輸遞達遲丟損傷憤討厭煩悶後無語騙詐滿愛歡謝讚優贊誠譜親適潔靜寬華劃鮮級極較擇選邊離遠區園館廳層樓燈牆視網帶樂歲傳體總結護師醫藥險檢報紙導記條約決證權維斷續緊張擔憂慮願聞鐘鍾錶嗎種類額講謊誆虧賠償懇請訴議強將絕從參與並讀寫書學習連認識計況鬧輕鬆簡陳腦戶帳碼擊緒統團隊戲劇幾雙嚴厲頭髮蟲黴異噁惡頂風雲陽陰頻軟錄顏貼紅綠藍黃魚雞鴨豬蝦蔥薑醬鹽麥餅飽餓嘗粵滬臺灣島國際內圍觀媽爺孫兒戀夢淚變義裡裏誰於爲鍋衛擠塊壓腳盡蓋鐵簾幣嘆憑週穩溫濕雜隻蒼蠅螞蟻臥餘盤燒餃餛飩滷鹵蘿蔔當棄爛歷麗舉紀確夠夥倉庫裝飾術藝廣戰寶貝幫啟閉聰慣擺擾攤淺濃澀膩僅勁儲櫃檯廚搶劑訊輛駕駛燙餿罵啞嚇趕龍鳳筆織純細節範築歸齊賓顆盞濾漲貸賬擁闆";
const SIMP = "务态间干净这个们来说对时会为过还没么让点样机场飞线准误应该办问题关系给钱费价贵买卖换坏错号员经验质标产顾电话联络动难听见觉现实东车开门气热凉饭饮面汤咸脏乱旧厕响声环设备转专业处复复随订单据发货运输递达迟丢损伤愤讨厌烦闷后无语骗诈满爱欢谢赞优赞诚谱亲适洁静宽华划鲜级极较择选边离远区园馆厅层楼灯墙视网带乐岁传体总结护师医药险检报纸导记条约决证权维断续紧张担忧虑愿闻钟钟表吗种类额讲谎诳亏赔偿恳请诉议强将绝从参与并读写书学习连认识计况闹轻松简陈脑户账码击绪统团队戏剧几双严厉头发虫霉异恶恶顶风云阳阴频软录颜贴红绿蓝黄鱼鸡鸭猪虾葱姜酱盐麦饼饱饿尝粤沪台湾岛国际内围观妈爷孙儿恋梦泪变义里里谁于为锅卫挤块压脚尽盖铁帘币叹凭周稳温湿杂只苍蝇蚂蚁卧余盘烧饺馄饨卤卤萝卜当弃烂历丽举纪确够伙仓库装饰术艺广战宝贝帮启闭聪惯摆扰摊浅浓涩腻仅劲储柜台厨抢剂讯辆驾驶烫馊骂哑吓赶龙凤笔织纯细节范筑归齐宾颗盏滤涨贷账拥板";
// charCode -> Simplified charCode (0 = unchanged): one typed-array read per character is
// cheaper than a 398-character regex class, and a post without Traditional characters
// (nearly all) is returned as is, without building a new string.
const TABLE = new Uint16Array(0x10000);
for (let i = 0; i < TRAD.length; i++) TABLE[TRAD.charCodeAt(i)] = SIMP.charCodeAt(i);

/** True when the text contains characters that only Traditional Chinese uses. */
export function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TABLE[text.charCodeAt(i)] !== 0) return true;
  return false;
}

export function toSimplified(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && TABLE[text.charCodeAt(i)] === 0) i++;
  if (i === n) return text;
  const codes: number[] = [];
  for (let k = 0; k < n; k++) { const c = text.charCodeAt(k); codes.push(TABLE[c] || c); }
  let out = "";
  for (let k = 0; k < codes.length; k += 4096) out += String.fromCharCode(...codes.slice(k, k + 4096));
  return out;
}
