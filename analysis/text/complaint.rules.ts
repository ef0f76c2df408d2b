// Complaint vocabulary, written by the project from the domain notes (complaint
// taxonomy, SERVQUAL, airline failure reasons). Each rule is a named regex so that
// `why` can say exactly which words fired. English patterns run on lower-cased text,
// Chinese patterns on Simplified text.
import type { ComplaintCategory, Servqual } from "../types.ts";

export interface CueRule<T extends string = string> { value: T; en?: RegExp; zh?: RegExp }

const re = (s: string) => new RegExp(s, "u");

/** Airline-style reasons, most specific first (the first match wins). */
export const REASONS: CueRule[] = [
  { value: "damaged_baggage", en: re(String.raw`\b(?:damaged|broken|broke|smashed|ripped|torn|destroyed|cracked)\b[^.!?]{0,30}\b(?:bag|bags|luggage|baggage|suitcase|guitar|stroller|car ?seat)\b|\b(?:bag|bags|luggage|baggage|suitcase|guitar|stroller)\b[^.!?]{0,30}\b(?:damaged|broken|broke|smashed|ripped|torn|destroyed|cracked)\b`), zh: re("行李.{0,6}(?:损坏|摔坏|破损|坏了|破了)|(?:损坏|摔坏|破损).{0,6}行李") },
  { value: "lost_baggage", en: re(String.raw`\b(?:lost|missing|misplaced|delayed|where(?:'s| is)|find|never (?:got|received|arrived))\b[^.!?]{0,30}\b(?:bag|bags|luggage|baggage|suitcase)\b|\b(?:bag|bags|luggage|baggage|suitcase)\b[^.!?]{0,40}\b(?:lost|missing|misplaced|never arrived|didn't (?:arrive|make it)|still not|not here)\b|\blost (?:and found|luggage|baggage)\b|\bbaggage claim\b`), zh: re("行李.{0,6}(?:丢|丢失|没到|找不到|不见)|(?:丢|丢失).{0,4}行李") },
  { value: "cancellation", en: re(String.raw`\bcancell?(?:ed|ing|ation|ations)?\b[^.!?]{0,20}\b(?:flight|flights|trip)\b|\b(?:flight|flights|trip)\b[^.!?]{0,30}\bcancell?(?:ed|ation)\b|\bcancelled flightled\b|\bcancel+ed\b`), zh: re("(?:航班|飞机|订单).{0,6}取消|取消.{0,4}(?:航班|订单)") },
  { value: "delay", en: re(String.raw`\b(?:delay(?:ed|s)?|late|late flight|lateness|behind schedule|missed (?:my |our )?(?:connection|connecting)|stuck (?:on|at|in) (?:the )?(?:tarmac|plane|gate|runway|airport)|sitting on the (?:tarmac|plane|runway)|still (?:waiting|sitting|on the ground))\b`), zh: re("延误|晚点|迟到|误点|等了.{0,4}(?:小时|分钟|半天)|送得太慢|送餐.{0,4}慢|太慢|超时") },
  { value: "staff", en: re(String.raw`\b(?:flight attendants?|attendants?|crew|pilot|gate agents?|agents?|staff|employees?|stewardess|purser|captain)\b[^.!?]{0,40}\b(?:rude|unprofessional|yell(?:ed|ing)?|mean|nasty|ignored|condescending|attitude|unhelpful|horrible|terrible|awful|disrespectful)\b|\b(?:rude|unprofessional|nasty|condescending|disrespectful)\b[^.!?]{0,30}\b(?:flight attendants?|attendants?|crew|pilot|gate agents?|agents?|staff|employees?|lady|guy|woman|man)\b|\b(?:flight attendants?|stewardess|purser)\b`), zh: re("(?:服务员|空姐|乘务员|员工|前台|骑手|小哥|快递员|店员|客服人员).{0,8}(?:态度|粗鲁|不耐烦|骂|凶|冷漠)|态度(?:差|恶劣|不好|很差)") },
  { value: "queue", en: re(String.raw`\b(?:long|huge|massive|ridiculous|endless|slow)\s+(?:lines?|queues?)\b|\b(?:lines?|queues?)\s+(?:at|for)\s+(?:the\s+)?(?:counter|check[- ]?in|security|gate|desk|ticketing|baggage)|\bwaiting in (?:a |the )?line\b|\bline (?:is|was) (?:so )?long\b`), zh: re("排队|排长队|队伍太长") },
  { value: "checkin", en: re(String.raw`\bcheck[- ]?in\b|\bboarding pass(?:es)?\b|\bkiosk\b|\bbag drop\b`), zh: re("值机|登机牌|办理入住|入住手续") },
  { value: "rewards", en: re(String.raw`\b(?:miles|mileage|points|rewards?|frequent flyer|status|elite|loyalty|companion pass|a ?advantage|mileageplus|rapid rewards|trueblue|skymiles|credit card)\b`), zh: re("积分|里程|会员|常旅客|优惠券|红包") },
  { value: "booking", en: re(String.raw`\b(?:book(?:ing|ed)?|rebook(?:ed|ing)?|reservations?|itinerary|change (?:my |our )?(?:flight|reservation|seat)|flight change|same day change|ticket(?:s|ed|ing)?|seat assignment|website|online|app|confirmation|standby|upgrade)\b`), zh: re("订票|预订|预定|改签|退票|订单|下单|选座|订房") },
  { value: "customer_service", en: re(String.raw`\b(?:on hold|hold time|hung up|call(?:ed|ing)? (?:back|you|customer)|phone|customer service|customer care|customer relations|no (?:one|body) (?:answers|responds|picks up|helps)|no response|never (?:responded|replied|called back)|dm(?:ed|'d)?|email(?:ed)?|response|respond|reply|answer|call|calling|representative|agent)\b`), zh: re("客服|打电话|电话.{0,4}(?:打不通|没人接)|没人(?:理|回|管)|不回复|不理") },
  { value: "entertainment", en: re(String.raw`\b(?:wifi|wi-fi|internet|entertainment|tv|directv|movies?|screens?|headphones|streaming|outlets?|power ports?)\b`), zh: re("娱乐|网络|wifi|信号") },
  { value: "inflight", en: re(String.raw`\b(?:food|meal|snacks?|drinks?|seats?|legroom|bathroom|lavatory|dirty|smell|cold plane|hot plane|air conditioning|turbulence|cabin|overhead bin|plane|aircraft)\b`), zh: re("餐食|座位|卫生|空调|设施") },
  { value: "terminal", en: re(String.raw`\b(?:terminal|airport|lounge|gate|security|tsa|jet ?bridge|parking|shuttle)\b`), zh: re("机场|航站楼|候机|登机口|安检") },
];

export const CATEGORY_RULES: CueRule<ComplaintCategory>[] = [
  { value: "integrity", en: re(String.raw`\b(?:lie|lied|lies|lying|liars?|scam(?:med|mers?)?|fraud(?:ulent)?|misleading|mislead|false advertising|bait and switch|dishonest|cheat(?:ed|ing)?|rip(?:ped)? ?off|broken promises?|promised|never honou?red|fake|deceptive|hidden fees?)\b`), zh: re("欺骗|骗|虚假|假货|诈骗|欺诈|忽悠|不诚信|说好的|承诺|坑人|黑心|宰客|霸王条款|乱收费|虚假宣传") },
  { value: "price", en: re(String.raw`\b(?:price[sd]?|pricing|expensive|overpriced|overcharg(?:ed|ing)|charged?|charging|fees?|cost(?:s|ly)?|paid|pay|\$\d+|bill(?:ed|ing)?|price gouging)\b`), zh: re("价格|贵|收费|扣费|多收|价钱|不值|性价比") },
  { value: "product", en: re(String.raw`\b(?:broken|broke|defective|faulty|doesn'?t work|does not work|stopped working|not working|crash(?:es|ed|ing)?|bug(?:gy|s)?|glitch(?:es|y)?|quality|battery|screen|cracked|damaged|leak(?:s|ing|ed)?|expired|stale|cold food|taste[sd]?|tasteless|mou?ldy|malfunction(?:ing)?|wrong (?:item|size|order)|missing (?:parts?|items?)|error)\b`), zh: re("质量|坏了|故障|损坏|破损|难吃|变质|过期|漏|死机|卡顿|闪退|不能用|假的|味道|凉了|不新鲜|头发|虫子|异物|送错|少送|漏送|掉色|起球") },
  { value: "service", en: re(String.raw`\b(?:service|staff|rude|agents?|attendants?|crew|employees?|customer care|support|on hold|hold|wait(?:ed|ing)?|delay(?:ed|s)?|late|cancell?(?:ed|ation)|rebook(?:ed)?|lost|luggage|baggage|bags?|flight|flights|gate|response|respond|reply|ignored|unhelpful|help|delivery|delivered|shipping|shipped|order|package|appointment|manager|representative|rep)\b`), zh: re("服务|态度|客服|等了|慢|延误|晚点|取消|送餐|配送|骑手|快递|前台|服务员|没人|不理|行李|航班") },
];

export const SERVQUAL_RULES: CueRule<Servqual>[] = [
  { value: "empathy", en: re(String.raw`\b(?:don'?t care|doesn'?t care|do not care|nobody cares|no one cares|couldn'?t care less|heartless|uncaring|no apology|not even an apology|treated (?:us |me )?like|no sympathy|no compassion|cold|dismissive)\b`), zh: re("不在乎|不关心|冷漠|连个道歉|不道歉|没有道歉|不把.{0,4}当") },
  { value: "assurance", en: re(String.raw`\b(?:rude|unprofessional|incompetent|incompetence|clueless|no idea|untrained|unsafe|safety|dangerous|disrespectful|condescending|yelled|trust|rudest)\b`), zh: re("粗鲁|不专业|态度差|态度恶劣|不耐烦|骂人|不安全|危险|信任") },
  { value: "responsiveness", en: re(String.raw`\b(?:on hold|hold time|waiting|waited|wait|no (?:response|reply|answer)|never (?:responded|replied|called back|heard back)|ignor(?:ed|ing)|hung up|hours|days|still|respond|response|reply|answer|call me back|get back to)\b`), zh: re("等了|没人理|不回复|不理|没回应|半天|拖|推诿|踢皮球|打不通|没人接") },
  { value: "reliability", en: re(String.raw`\b(?:delay(?:ed|s)?|late|cancell?(?:ed|ation)|lost|missing|wrong|broken|broke|never (?:arrived|came|showed)|didn'?t (?:arrive|work|show)|not working|doesn'?t work|failed|fail|error|mistake|missed|overbooked|bumped|again)\b`), zh: re("延误|晚点|取消|送错|少送|漏送|丢|坏了|故障|没到|迟到|出错|错了|超时|慢") },
  { value: "tangibles", en: re(String.raw`\b(?:dirty|filthy|smell(?:s|y)?|seats?|legroom|cramped|broken seat|equipment|facilit(?:y|ies)|bathroom|toilet|lavatory|wifi|wi-fi|plane|aircraft|room|food|meal|packaging|uniform|clean)\b`), zh: re("脏|卫生|设施|房间|环境|装修|包装|座位|异味|破旧|隔音|空调|餐具") },
];

/** Failure words: the expectation was breached (used to tell complaints from plain negativity). */
export const FAILURE = {
  en: re(String.raw`\b(?:delay(?:ed|s)?|late|cancell?(?:ed|ation)|lost|missing|broken|broke|damaged|wrong|never (?:arrived|came|received|got)|didn'?t (?:arrive|work|get|receive)|not working|doesn'?t work|won'?t work|stopped working|on hold|waiting|waited|stuck|stranded|missed|overbooked|bumped|charged|overcharged|refund|no (?:response|reply|answer|help)|ignored|rude|unacceptable|disappointed|disappointing|useless|fix (?:this|it)|still (?:no|not|waiting|haven'?t)|hours?|what (?:is|'s) (?:going on|the deal|up with)|(?:has|have|had|did|does|do|is|was)n'?t (?:been )?(?:arrived?|received?|shipped|delivered|came|come|shown up|heard|responded|replied|refunded|fixed|working|work|updated|processed|credited|charged)|(?:still|yet) (?:to|not|no|nothing|haven'?t|hasn'?t)|not (?:yet )?(?:arrived|received|delivered|shipped|working|refunded|fixed|happy|impressed|acceptable|available|loading)|where(?:'s| is| are) my|why (?:is|are|does|do|did|can'?t|won'?t|isn'?t|hasn'?t|haven'?t|would|was|were|the hell)|can'?t (?:log ?in|sign ?in|access|get (?:through|a hold|anyone)|connect|reach|find|believe)|keeps? (?:crashing|freezing|dropping|failing|cancell?ing|breaking)|out of stock|sold out|been waiting|for (?:\d+|two|three|four|five|several|many) (?:days|weeks|months|hours)|(?:days|weeks|months) (?:later|now|ago)|down again|no (?:signal|service|internet|wifi|power|one|replacement|update|refund|explanation|apology)|(?:once|twice|\d+ times) (?:now|already)|not good enough|poor service|incompetent|fed up|sick of|tired of|when (?:will|can|do|does) (?:my|i|it|you|this|we)|how (?:much )?longer|how long (?:do|does|will|until|before|is|are|have)|unable to|won'?t let me|can'?t even|trying to (?:get|reach|contact|cancel|return|log|find)|(?:charged|billed) (?:me )?twice|double charged|wrong (?:order|item|size|address|product)|missing (?:items?|parts?|order|package|parcel|refund)|never (?:got|received) (?:my|a|the|any)|not (?:delivered|received|shipped)|every (?:single )?time|over an hour|no one (?:has|is|will|can)|(?:is|are|was|were) supposed to|been charged|cancel my (?:order|account|subscription)|(?:won'?t|will not|doesn'?t|does not|can'?t|cannot) (?:turn on|charge|load|open|connect|sync|update|start|boot|print|play|pair)|(?:locked|kicked) out|(?:account|card) (?:was |got |has been |is )?(?:locked|suspended|blocked|hacked|frozen)|glitch(?:es|y)?|buggy|crash(?:ed|es|ing)|froze|freezes|frozen|outage|(?:is|are|was|been) down|ripped off|rip ?off|scam(?:med)?|false advertising|overpriced|price gouging|(?:dropped|dropping) calls?|no (?:bars|connection|data)|slow (?:internet|speeds?|connection|delivery|shipping)|(?:worst|terrible|horrible|awful|pathetic|shitty|crappy|lousy) (?:customer )?(?:service|support|experience|company)|(?:stale|expired|spoiled|undercooked|burnt|moldy|mouldy)|cold food|fell apart|came apart|defective|faulty|(?:nobody|no one) (?:has |have )?(?:called|answered|responded|replied|helped|contacted))\b\b`),
  zh: re("投诉|差评|退款|延误|晚点|取消|丢|坏了|损坏|送错|少送|漏送|等了|太慢|很慢|超时|态度差|不理|没人|骗|质量问题|难吃|凉了|失望|垃圾|坑|再也不"),
};

/** A demand for a remedy turns a grumble into a complaint. */
export const DEMAND = {
  en: re(String.raw`\b(?:refund|compensat(?:e|ion)|reimburs(?:e|ement)|money back|fix (?:this|it)|make (?:this|it) right|want (?:an? )?(?:answer|explanation|apology)|demand|escalate|manager|supervisor|what are you (?:going to|gonna) do|do something|sort (?:this|it) out|please help|need help|help me|dm me|respond|answer me|call me)\b`),
  zh: re("退款|赔偿|补偿|给个说法|要求|解决|处理一下|怎么处理|给我|讨个说法|维权|投诉"),
};

export const SEVERITY = {
  malicious: {
    en: re(String.raw`\b(?:kill|shoot|bomb|burn (?:it |you )?down|blow (?:it |you )?up|hurt you|watch your back|you(?:'ll| will) (?:pay|regret)|or else|unless you pay|pay me|wire me|i(?:'ll| will) (?:leak|expose|destroy|ruin) (?:you|your)|give me .{0,20} or i|everyone (?:report|spam|flood)|spam (?:them|their)|flood their|brigade|mass report|retweet this (?:until|to destroy)|follow for follow)\b`),
    zh: re("杀了|炸了|弄死|砍死|烧了|等着瞧|给我钱不然|不给钱就|不赔钱就|敲诈|勒索|大家一起(?:刷|举报|差评)|组团|刷差评|水军"),
  },
  serious: {
    en: re(String.raw`\b(?:lawyers?|attorney|sue|suing|lawsuit|legal action|court|small claims|regulators?|faa|dot|ftc|bbb|better business bureau|consumer protection|ombudsman|attorney general|injur(?:ed|y|ies)|hospital|bleeding|sick|food poisoning|poisoned|unsafe|safety|dangerous|emergency|discriminat(?:ed|ion|ory)|racist|racism|sexist|harass(?:ed|ment)|assault(?:ed)?|fraud|press|news|journalists?|media|going viral|viral|stranded|overnight|disabled|wheelchair|medical)\b`),
    zh: re("律师|起诉|法院|报警|消协|12315|315|监管|市场监督|曝光|媒体|记者|食物中毒|拉肚子|住院|受伤|安全隐患|歧视|欺诈|诈骗|维权"),
  },
};

export const CHURN = {
  en: re(String.raw`\b(?:switch(?:ing|ed)? to|never (?:fly(?:ing)?|flown|buy(?:ing)?|shop(?:ping)?|use|using|order(?:ing)?|book(?:ing)?|stay(?:ing)?)\b[^.!?]{0,25}\b(?:again|you|with you)|(?:last|final) time (?:i|we)(?:'ll| will)? (?:fly|use|buy|shop|book|order|stay)|cancel(?:l?ing|l?ed)? my (?:account|subscription|membership|card|plan|service|card)|tak(?:e|ing) my (?:business|money) elsewhere|lost (?:a|another|your) (?:loyal )?customer|done with you|never again|goodbye|unsubscrib(?:e|ing)|close my account)\b`),
  zh: re("再也不(?:来|买|坐|用|订|点|去)|换成|改用|转投|不会再(?:来|买|坐|用|订|点)|注销|销户|拉黑|卸载|永远不|最后一次"),
};

/**
 * Sarcastic gratitude or praise for a failure ("thanks for losing my bag", "great job
 * cancelling again", "#not"): the words are positive, the post is not.
 */
export const SARCASM = {
  en: re(String.raw`\b(?:thanks?|thank you|thx)(?: (?:so much|a lot|again|guys))? for (?:nothing|losing|delaying|cancell?ing|ruining|wasting|leaving|keeping (?:me|us) (?:waiting|on hold)|ignoring|screwing|stranding|misplacing|breaking|damaging|overbooking|bumping|charging|making (?:me|us) (?:wait|miss)|(?:the |another |a )?(?:delay|delayed|cancell?ed|cancell?ation|late|lost|missed|broken|wait|runaround|hassle|headache|lack of)|never|not (?:helping|responding|answering|caring))\b|\b(?:great|awesome|nice|good|fantastic|wonderful|stellar|amazing) (?:job|work)\b[^.!?]{0,20}\b(?:losing|delaying|cancell?ing|ruining|breaking|ignoring|stranding|overbooking)\b|#not\b|\byeah right\b|\bso much for\b`),
  zh: re("(?:谢谢|感谢)(?:你们)?.{0,4}(?:让我(?:们)?等|延误|取消|弄丢|丢了|送错|慢)|真是(?:太)?(?:服了|佩服)"),
};

export const QUESTION_START = /^(?:(?:@\w+\s+)*)(?:who|what|when|where|why|how|can|could|do|does|did|is|are|will|would|should|any|anyone|has|have)\b/i;

export const PRAISE = {
  en: re(String.raw`\b(?:thank(?:s| you)|thx|kudos|shout ?out|great job|well done|amazing|awesome|love|loved|best|excellent|fantastic|wonderful|appreciate|impressed|props|hats off)\b`),
  zh: re("谢谢|感谢|点赞|好评|推荐|满意|给力|赞|棒|喜欢|不错|好吃"),
};

/**
 * Things a company sells or does (the object of a breached expectation), across the
 * complaint literature's industries: apparel, cars, electronics, food, retail, services
 * (telecom, banking, utilities, insurance, delivery), software and transport. A failure
 * word next to one of these is a complaint far more often than one about the weather.
 * Single lower-case words, looked up per token.
 */
export const SERVICE_WORDS: ReadonlySet<string> = new Set((
  "order orders delivery deliveries delivered package packages parcel shipment shipping tracking refund refunds return returns exchange receipt invoice " +
  "bill bills billing charge charges fee fees subscription account password login app apps website site update server software game download feature " +
  "customer support helpdesk hotline agent rep representative manager staff employee employees cashier driver technician store shop branch dealer dealership " +
  "warranty replacement repair recall product item phone laptop tablet tv printer router charger battery screen headphones earbuds console camera device " +
  "internet wifi wi-fi signal service connection data plan card bank loan insurance claim flight flights airline gate luggage baggage bag bags train bus " +
  "ride taxi ticket tickets booking reservation seat hotel room menu meal food pizza burger coffee drink restaurant car engine brakes tire tires mechanic " +
  "shoes jacket dress jeans size stitching"
).split(" "));

/**
 * Personal-life topics: bad moods about these are everyday moaning, not complaints to
 * or about a company ("mondays are the worst", "my team lost again", "this rain").
 */
export const PERSONAL_WORDS: ReadonlySet<string> = new Set((
  "monday mondays weekend weather rain rainy raining snow snowing cold heat hot sleep slept tired insomnia headache sick flu cough hangover homework " +
  "exam exams finals class school teacher boss coworker coworkers job work traffic boyfriend girlfriend ex crush mom dad sister brother family friend " +
  "friends dog cat team game season coach referee ref match movie show episode song album concert politics president election news life feelings mood " +
  "heart cry crying birthday diet gym workout hair nails"
).split(" "));

/**
 * Well-known consumer companies by industry (general knowledge, lower-case, spaces and
 * punctuation removed), so that a post addressed to "@AppleSupport" or naming "comcast"
 * is recognised as aimed at a company even when no brand is configured. A complaint is
 * a breach of expectation by a company; the same words aimed at a friend are chat.
 * Deployments also pass their own brand (input.brand), which counts the same way.
 */
export const BRANDS_BY_INDUSTRY: Record<string, string> = {
  apparel: "nike adidas zara hm gap oldnavy uniqlo asos levis underarmour puma reebok forever21 urbanoutfitters lululemon nordstrom macys kohls jcpenney primark boohoo shein vans converse newbalance skechers footlocker thenorthface patagonia victoriassecret americaneagle abercrombie hollister jcrew",
  cars: "ford toyota honda chevrolet chevy gm nissan hyundai kia bmw mercedesbenz mercedes audi volkswagen vw tesla subaru mazda jeep dodge volvo lexus fiat chrysler buick cadillac mitsubishi landrover jaguar porsche carmax hertz avis jiffylube firestone goodyear pepboys autozone",
  electronics: "apple samsung sony lg hp dell lenovo asus acer microsoft xbox playstation nintendo bose beats fitbit garmin canon nikon gopro logitech intel amd nvidia motorola nokia htc huawei oneplus google bestbuy roku sonos kindle alexa dyson philips panasonic toshiba vizio epson blackberry razer iphone ipad macbook android",
  food: "mcdonalds burgerking wendys tacobell kfc subway starbucks dunkin dunkindonuts dominos pizzahut papajohns chipotle chickfila popeyes arbys panera panerabread fiveguys innout shakeshack jimmyjohns dairyqueen ihop dennys applebees olivegarden redlobster timhortons costa pret greggs nandos deliveroo ubereats doordash grubhub postmates instacart justeat cocacola pepsi kelloggs heinz kraft nestle cadbury hersheys wholefoods traderjoes",
  retail: "amazon walmart target costco ebay etsy wayfair ikea homedepot lowes kmart sears walgreens cvs riteaid kroger safeway aldi lidl tesco sainsburys asda argos currys johnlewis marksandspencer sephora ulta overstock aliexpress zappos chewy petsmart petco staples officedepot gamestop barnesandnoble bedbathbeyond dollartree familydollar",
  services: "att verizon tmobile sprint comcast xfinity spectrum charter timewarner twc cox directv dish centurylink optimum virginmedia bt sky talktalk vodafone ee o2 rogers telus chase bankofamerica wellsfargo citi citibank capitalone amex americanexpress paypal venmo barclays hsbc natwest lloyds santander geico progressive statefarm allstate usaa ups fedex usps dhl royalmail hermes airbnb expedia booking tripadvisor yelp marriott hilton hyatt adt pge coned dukeenergy nationalgrid britishgas edf",
  software: "netflix hulu spotify youtube facebook instagram twitter snapchat tiktok whatsapp linkedin pinterest reddit tumblr skype zoom slack dropbox adobe outlook gmail yahoo windows itunes appstore googleplay steam ea ubisoft activision blizzard epicgames fortnite hbo hbomax disneyplus primevideo pandora uber lyft tinder evernote mcafee norton avast wordpress squarespace godaddy wix shopify turbotax intuit quickbooks",
  transport: "delta united americanair southwestair southwest jetblue alaskaair spiritairlines allegiant hawaiianair aircanada westjet britishairways virginatlantic virginamerica usairways easyjet ryanair lufthansa klm airfrance emirates qantas qatarairways etihad turkishairlines amtrak greyhound megabus nationalrail tfl mta septa networkrail southernrail lner heathrow gatwick",
};

/** Every known brand, matched against @handles (after dropping "ask"/"support"-style affixes). */
export const BRAND_HANDLES: ReadonlySet<string> = new Set(Object.values(BRANDS_BY_INDUSTRY).join(" ").split(" "));

// Brand names that are also everyday words ("target", "subway", "delta", "windows")
// count only as @handles, never as plain words.
const AMBIGUOUS = new Set("gap target subway sky three ee o2 bell discover progressive spirit united delta windows virgin sharp boots hm gm vw ea bt cox dish sonic booking charter chase citi costa kindle alexa apple amazon google beats razer twitter steam origin staples ups hermes southwest".split(" "));
/** Brand names recognised as plain words too. */
export const BRAND_WORDS: ReadonlySet<string> = new Set([...BRAND_HANDLES].filter((b) => !AMBIGUOUS.has(b)));

const HANDLE_AFFIX = /^(?:ask|the|hey|my)|(?:support|help|cares|care|service|services|team|official|uk|us|usa|ca|news|app|inc|hq|global)$/;

// Brand channels see the same handles over and over: remember the answers (bounded).
const handleCache = new Map<string, boolean>();

/** Whether a lower-cased @handle (with the @) belongs to a known brand. */
export function isBrandHandle(handle: string): boolean {
  let v = handleCache.get(handle);
  if (v === undefined) {
    if (handleCache.size >= 50_000) handleCache.clear();
    handleCache.set(handle, (v = brandHandle(handle)));
  }
  return v;
}

function brandHandle(handle: string): boolean {
  let h = handle.replace(/^@/, "").replace(/_/g, "");
  for (let i = 0; i < 3; i++) {
    if (BRAND_HANDLES.has(h)) return true;
    const next = h.replace(HANDLE_AFFIX, "");
    if (next === h || next.length < 2) return false;
    h = next;
  }
  return BRAND_HANDLES.has(h);
}

// ---------------------------------------------------------------------------------
// Literal gates. Every rule regex above runs on every post, and irregexp tries each
// pattern at every position of the text (~30% of the English path's time). A pattern
// can only match text that contains one of its required literals (e.g. "delay", "late",
// "missed " ...), so each pattern gets the set of literals one of which any match must
// contain, worked out from its source once; a post records which characters, character
// pairs and triples it holds in three bit filters, and a pattern whose required literals are all
// absent is skipped without running it. A filter never misses a present literal, so the
// gate only skips patterns that cannot match: results are exactly those of exec().

const FILTER_BITS = 4096;
const FILTER_MASK = FILTER_BITS - 1;
const hash2 = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 20 & FILTER_MASK;
const hash1 = (a: number) => Math.imul(a, 0x9e3779b1) >>> 20 & FILTER_MASK;
const hash3 = (a: number, b: number, c: number) => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35)) >>> 20 & FILTER_MASK;

/** Bits of a post's characters, character pairs and triples (UTF-16 code units), built once per text. */
const singleBits = new Uint32Array(FILTER_BITS / 32);
const pairBits = new Uint32Array(FILTER_BITS / 32);
const tripleBits = new Uint32Array(FILTER_BITS / 32);
let filterText: string | null = null;

function buildFilter(text: string): void {
  singleBits.fill(0);
  pairBits.fill(0);
  tripleBits.fill(0);
  const n = text.length;
  let a = n > 0 ? text.charCodeAt(0) : 0;
  let b = n > 1 ? text.charCodeAt(1) : 0;
  if (n > 0) { const h = hash1(a); singleBits[h >>> 5] |= 1 << (h & 31); }
  if (n > 1) { const h = hash2(a, b); pairBits[h >>> 5] |= 1 << (h & 31); const h1 = hash1(b); singleBits[h1 >>> 5] |= 1 << (h1 & 31); }
  for (let i = 2; i < n; i++) {
    const c = text.charCodeAt(i);
    const h1 = hash1(c); singleBits[h1 >>> 5] |= 1 << (h1 & 31);
    const h2 = hash2(b, c); pairBits[h2 >>> 5] |= 1 << (h2 & 31);
    const h3 = hash3(a, b, c); tripleBits[h3 >>> 5] |= 1 << (h3 & 31);
    a = b; b = c;
  }
  filterText = text;
}

/**
 * A pattern's gate: for each required literal, (count, filter, bits...) flattened, filter
 * 0 = pairs, 1 = triples, 2 = single characters. null: no gate (the pattern may match
 * without any literal, e.g. it has an alternative made only of classes).
 */
type Gate = Int32Array;

/** Required-literal sets of a regex source (see literalSet); null when none can be proven. */
type Lits = string[] | null;

/**
 * Parses the subset of regex syntax the rule patterns use and returns literals one of
 * which every match must contain, or null. Anything it does not understand yields null
 * (no gate), which is always safe.
 */
export function requiredLiterals(source: string): string[] | null {
  let i = 0;
  const fail = () => { throw new Error("unsupported"); };
  // Returns the best literal set of an alternation, consuming until ')' or end.
  function alternation(): Lits {
    const alts: Lits[] = [sequence()];
    while (source[i] === "|") { i++; alts.push(sequence()); }
    const out: string[] = [];
    for (const a of alts) { if (a === null) return null; out.push(...a); }
    return out;
  }
  // One atom: returns { lits, char } where char is a literal character (for runs) or null.
  function atom(): { lits: Lits; ch: string | null; zeroWidth: boolean } {
    const c = source[i];
    if (c === "(") {
      i++;
      let look = false;
      if (source[i] === "?") {
        const k = source[i + 1];
        if (k === ":") i += 2;
        else if (k === "=" || k === "!") { i += 2; look = true; }
        else if (k === "<" && (source[i + 2] === "=" || source[i + 2] === "!")) { i += 3; look = true; }
        else fail();
      }
      const inner = alternation();
      if (source[i] !== ")") fail();
      i++;
      return look ? { lits: null, ch: null, zeroWidth: true } : { lits: inner, ch: null, zeroWidth: false };
    }
    if (c === "[") {
      i++;
      if (source[i] === "^") i++;
      if (source[i] === "]") i++;
      while (i < source.length && source[i] !== "]") { if (source[i] === "\\") i++; i++; }
      if (source[i] !== "]") fail();
      i++;
      return { lits: null, ch: null, zeroWidth: false };
    }
    if (c === "\\") {
      const e = source[i + 1];
      i += 2;
      if (e === "b" || e === "B") return { lits: null, ch: null, zeroWidth: true };
      if (e === "p" || e === "P" || e === "u" || e === "x" || e === "k") {
        // Property or code-point escapes: never literal here; skip their payload.
        if (source[i] === "{") { while (i < source.length && source[i] !== "}") i++; i++; }
        else if (e === "u") i += 4;
        else if (e === "x") i += 2;
        else fail();
        return { lits: null, ch: null, zeroWidth: false };
      }
      if (/[dDwWsStrnvf0-9]/.test(e)) return { lits: null, ch: null, zeroWidth: false };
      if (/[.$^*+?()[\]{}|\\/\-'"#@!,:; ]/.test(e)) return { lits: null, ch: e, zeroWidth: false };
      fail();
    }
    if (c === "^" || c === "$") { i++; return { lits: null, ch: null, zeroWidth: true }; }
    if (c === ".") { i++; return { lits: null, ch: null, zeroWidth: false }; }
    if (c === "*" || c === "+" || c === "?" || c === "{" || c === ")" || c === "|" || c === "]" || c === "}") fail();
    i++;
    return { lits: null, ch: c, zeroWidth: false };
  }
  // Quantifier after an atom: returns the minimum count (0 or >= 1) or -1 when none.
  function quantifier(): number {
    const c = source[i];
    let min = -1;
    if (c === "?" || c === "*") { i++; min = 0; }
    else if (c === "+") { i++; min = 1; }
    else if (c === "{") {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
      if (!m) fail();
      i += m![0].length;
      min = Number(m![1]);
    }
    if (min >= 0 && source[i] === "?") i++; // lazy
    return min;
  }
  function sequence(): Lits {
    const candidates: string[][] = [];
    let run = "";
    const endRun = () => { if (run.length > 0) candidates.push([run]); run = ""; };
    while (i < source.length && source[i] !== "|" && source[i] !== ")") {
      const a = atom();
      const q = quantifier();
      if (a.zeroWidth) { if (q >= 0) fail(); endRun(); continue; }
      if (q === -1) {
        if (a.ch !== null) run += a.ch;
        else { endRun(); if (a.lits !== null) candidates.push(a.lits); }
      } else if (q === 0) endRun();
      else {
        // Repeated at least once: the atom is required, but what follows may not be adjacent to its first copy.
        if (a.ch !== null) { run += a.ch; endRun(); }
        else { endRun(); if (a.lits !== null) candidates.push(a.lits); }
      }
    }
    endRun();
    // The most selective required set: longest shortest literal, then fewest literals.
    let best: string[] | null = null;
    const quality = (s: string[]) => Math.min(3, ...s.map((x) => x.length)) * 1000 - s.length;
    for (const s of candidates) if (best === null || quality(s) > quality(best)) best = s;
    return best;
  }
  try {
    const lits = alternation();
    if (i !== source.length) return null;
    return lits;
  } catch {
    return null;
  }
}

const gates = new Map<RegExp, Gate | null>();

function gateOf(rx: RegExp): Gate | null {
  let g = gates.get(rx);
  if (g === undefined) {
    g = null;
    // Case-insensitive patterns would need case-folded literals: not gated.
    const lits = rx.flags.includes("i") ? null : requiredLiterals(rx.source);
    if (lits !== null && lits.length > 0 && lits.every((l) => l.length >= 1)) {
      const out: number[] = [];
      for (const l of new Set(lits)) {
        if (l.length === 1) { out.push(1, 2, hash1(l.charCodeAt(0))); continue; }
        if (l.length === 2) { out.push(1, 0, hash2(l.charCodeAt(0), l.charCodeAt(1))); continue; }
        const bits: number[] = [];
        for (let k = 2; k < l.length; k++) bits.push(hash3(l.charCodeAt(k - 2), l.charCodeAt(k - 1), l.charCodeAt(k)));
        out.push(bits.length, 1, ...bits);
      }
      g = Int32Array.from(out);
    }
    gates.set(rx, g);
  }
  return g;
}

function mayMatch(g: Gate): boolean {
  for (let j = 0; j < g.length;) {
    const kind = g[j + 1];
    const n = g[j], set = kind === 1 ? tripleBits : kind === 0 ? pairBits : singleBits;
    let all = true;
    for (let k = 0; k < n; k++) { const b = g[j + 2 + k]; if ((set[b >>> 5] & (1 << (b & 31))) === 0) { all = false; break; } }
    if (all) return true;
    j += 2 + n;
  }
  return false;
}

/**
 * `rx.exec(text)` for the rule patterns, skipped (null) when the text lacks every literal
 * the pattern requires. Same result as exec(); `rx` must not be global or sticky.
 */
export function ruleExec(rx: RegExp, text: string): RegExpExecArray | null {
  const g = gateOf(rx);
  if (g !== null) {
    if (filterText !== text) buildFilter(text);
    if (!mayMatch(g)) return null;
  }
  return rx.exec(text);
}
