// The project-written Chinese sentiment corpus (models/corpus/zh-reviews.project.jsonl).
// Every phrase below was written by the project from general knowledge of how people
// write food-delivery, restaurant, hotel, shopping, service and Weibo posts; nothing was
// copied or paraphrased from any data set (the Chinese sets in ../shared/data are
// eval-only and were not opened while writing this). Reviews are composed from aspect
// phrases, context, narratives and closings, with negation, contrast ("虽然...但是",
// "就是...") and mild wording, each composition labelled by the rule that a reader
// would apply (the clause after the contrast decides; a small reservation after strong
// praise stays positive; "一般" alone is a lukewarm, negative review).
// Usage: node bin/run-ts.mjs bench/text/zh-corpus.ts [--out FILE] [--n N] [--seed S]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const L = (s: string) => s.trim().split(/\s+/);

// ---- food delivery / restaurants -------------------------------------------------
const FOOD = L(`米饭 面条 炒饭 炒面 麻辣烫 黄焖鸡 米线 饺子 馄饨 包子 粥 汉堡 披萨 炸鸡 鸡排 烤肉 烧烤 串串 奶茶 咖啡
 沙拉 寿司 盖饭 拉面 牛肉面 酸菜鱼 水煮鱼 宫保鸡丁 鱼香肉丝 红烧肉 排骨 卤肉饭 煲仔饭 凉皮 肉夹馍 煎饼 鸭脖 小龙虾 烤鱼
 冒菜 螺蛳粉 酸辣粉 肠粉 蛋炒饭 盒饭 套餐 便当 炸酱面 担担面 鸡翅 薯条 果汁 蛋糕 甜品 馅饼 锅贴 小笼包 酸辣汤 回锅肉
 土豆丝 麻婆豆腐 红烧牛肉面 烤鸭 糖醋里脊 水饺 生煎 卷饼 鸡公煲 石锅拌饭 咖喱饭 意面 牛排 烤串 炸串 豆浆 油条`);
const FOOD_POS = L(`色香味俱全 料很实在 肉给得很多 汤头浓郁 鲜得掉眉毛 酸甜可口 麻辣过瘾 火候刚好 米饭软硬适中 菜量很大 很有家的味道 吃完还想吃 孩子很爱吃 清淡不腻 调味刚刚好 很地道 比堂食还好吃 蔬菜很新鲜 虾很新鲜 肉质鲜嫩 口感丰富 层次分明 香辣够味 一点不腥 好吃 很好吃 挺好吃 超级好吃 特别好吃 味道不错 味道很好 味道很棒 口味正宗 很香 很入味 分量很足 量很大 料很足
 很新鲜 很嫩 很酥脆 热乎乎的 送到还是热的 咸淡正好 一点都不油腻 很下饭 肉很多 配菜丰富 米饭很香 汤很鲜 和店里吃的一样
 比上次还好吃 酱汁很赞 辣度刚好 外酥里嫩 皮薄馅大 面很筋道 量足味美 食材新鲜 口感很好 好吃到停不下来 味道一级棒
 真材实料 一如既往的好吃 吃得很满足 香而不腻 鲜香可口 饱满多汁 甜度刚好 很有锅气 份量实在 满满一大盒`);
const FOOD_NEG = L(`齁咸 没放盐 一股油烟味 肉有异味 虾不新鲜 菜是蔫的 鱼是死的 肉是冻肉 全是淀粉 汤寡淡 面糊成一坨 饭馊了 里面有沙子 吃出了石子 一股药味 辣得没法吃 甜得发腻 油多得吓人 菜量缩水 肉只有几片 跟描述不一样 品相很差 看着就没食欲 吃完嗓子疼 很难吃 太难吃了 太咸了 咸得要命 太淡了 没什么味道 太油了 油腻得很 不新鲜 有股怪味 肉是臭的 都凉了 冰凉冰凉的
 凉透了 分量太少 量少得可怜 只有几块肉 全是配菜 米饭是夹生的 面都坨了 太辣了 太甜了 很腥 里面有头发 吃出了虫子
 吃完拉肚子 肉很柴 肉咬不动 炸鸡是软的 薯条软塌塌的 味道怪怪的 跟图片差太多 像是隔夜的 一股馊味 肉不熟 还是生的
 糊了 全是肥肉 全是骨头 汤是酸的 一点都不辣 吃了两口就扔了 根本没法吃 味道很奇怪 难以下咽 米饭又干又硬 菜都蔫了`);
const DELIV_POS = L(`比预计时间早到 十几分钟就送来了 配送员很客气 送上楼了 还打电话提醒 汤一点没洒 打包很仔细 饭菜分开装的 餐具纸巾都给了 天气这么差还按时送到 提前打电话联系 送餐很快 配送很快 半小时就到了 提前送到了 很准时 骑手很热情 小哥态度很好 小哥很辛苦 包装很好 包装很严实
 一点没洒 餐具齐全 送得特别快 二十分钟就到了 小哥还帮忙带了垃圾 骑手很有礼貌 商家还送了饮料 商家很贴心 备注的都照做了
 打包很用心 送到门口了 下大雨还准时送到`);
const DELIV_NEG = L(`超时四十分钟 送了一个半小时 骑手绕路 送到隔壁楼 骑手态度恶劣 骑手让我给好评 电话里很凶 不送上楼 放在门口没通知 外卖被偷了 包装被压扁了 汤漏了一半 饮料少了一杯 没送米饭 发票没给 送餐太慢了 等了一个多小时 等了两个小时才到 超时了 说好的半小时结果等了一个半小时 骑手态度很差 小哥不接电话
 打电话没人接 送错地址了 少送了一份 没给餐具 饮料洒了 汤全洒了 包装破了 放在楼下就走了 还没送到就点了送达 骑手骂人
 备注了不要辣还是放了 等到饭都凉了 催了三次都没用 商家电话打不通 小哥让我自己下楼拿 送到的时候已经凉了 少了一个菜
 筷子都没给 一直显示配送中 联系客服也没用 送来的汤洒了一袋子 包装袋都湿了`);
const DELIV_CTX = L(`中午点的 晚上加班点的 第一次点这家 第二次点了 周末在家点的 给同事点的 下雨天点的 公司楼下的店 朋友推荐的
 看评价不错就点了 点了两份 早上点的早餐 半夜点的夜宵 今天点的 又点了一次 和室友一起点的 午饭点的 点了个套餐`);

// ---- hotels ----------------------------------------------------------------------
const HOTEL_POS = L(`房间很大很亮堂 采光很好 卫生打扫得很彻底 热水来得很快 水压很足 床垫软硬合适 浴室很大 干湿分离 隔音很棒 夜里很安静 前台效率很高 礼宾很热情 服务员随叫随到 房间有香味 布草很干净 早餐现做的 早餐有特色小吃 商圈就在附近 步行到景点 打车很方便 有免费停车 送了欢迎水果 可以寄存行李 延迟退房很爽快 免费洗衣 设施齐全 有健身房 泳池很干净 管家服务很贴心 房间很干净 房间很宽敞 床很舒服 隔音效果很好 早餐很丰富 早餐种类很多 位置很好 交通很方便 离地铁站很近
 服务很周到 前台很热情 服务员态度很好 设施很新 装修很新 卫生间很干净 热水很足 性价比很高 环境很安静 窗外景色很好
 停车很方便 房间里有免费水果 办理入住很快 给我们免费升级了 床品很干净 枕头很舒服 周边吃饭很方便 离景点很近
 服务员很有礼貌 前台小姐姐很耐心 房间很温馨 空调很给力 网速很快 洗漱用品齐全 晚上很安静 睡得很好 早餐很好吃
 价格很实惠 整体感觉很舒适 比照片上还好 服务一流 设计很有特色 游泳池很不错`);
const HOTEL_NEG = L(`房间很压抑 采光很差 没有窗 卫生没打扫 垃圾桶没倒 浴巾有头发 杯子没洗 水压很小 下水很慢 地漏反味 床垫塌陷 枕头很扁 空调很吵 冰箱很吵 门锁是坏的 窗帘遮不住光 电视看不了 插座不够 电梯要等很久 楼道有烟味 走廊很吵 隔壁装修 施工噪音 前台效率很低 预订被取消 到店没房 加收服务费 押金迟迟不退 服务员态度傲慢 叫服务没人来 房间很小 房间又小又暗 隔音很差 晚上很吵 房间有异味 有一股霉味 有很重的烟味 床单不干净 卫生间很脏 设施很陈旧
 设施老化 空调不制冷 热水时有时无 没有热水 网速很慢 网络连不上 早餐很差 早餐品种很少 位置很偏 很不好找 前台态度很差
 服务员爱理不理 入住等了很久 退房很慢 价格偏高 不值这个价 性价比很低 和图片完全不符 电梯很慢 窗户关不上 有蟑螂
 毛巾发黄 被子很潮 地毯很脏 马桶堵了 淋浴漏水 墙皮脱落 半夜有人敲门 隔壁吵了一晚上 空调声音很大 没有窗户
 房间很闷 押金退得很慢 乱收费 预订的房型没有了 前台很不耐烦 床很硬 装修很旧 走廊很暗`);
const HOTEL_CTX = L(`出差住了两晚 和家人一起入住 周末入住 第二次入住了 订的是大床房 网上订的 商务出差 住了三天 国庆期间入住
 带孩子来玩住的 开会住在这里 订的标准间 这次住的是行政房 朋友推荐的酒店 临时订的 旅游住了一晚 春节期间住的`);

// ---- shopping / products ------------------------------------------------------------
const ITEM = L(`手机 耳机 衣服 鞋子 裤子 外套 包 书 充电器 电脑 键盘 鼠标 杯子 被子 枕头 台灯 化妆品 面膜 洗发水 玩具 手表 电饭煲 吹风机 数据线 行李箱 雨伞`);
const ITEM_POS = L(`质量很好 做工很精细 物流很快 和描述一致 颜色很正 尺码合适 手感很好 性价比很高 包装很精美 用起来很顺手 音质很好
 效果很明显 款式很好看 穿着很舒服 很结实 做工扎实 电池很耐用 客服很耐心 发货很快 第二天就到了 正品无疑 比实体店便宜
 物超所值 用了一个月没问题 很满意 超出预期`);
const ITEM_NEG = L(`质量很差 用了两天就坏了 做工粗糙 掉色很严重 起球了 尺码不对 色差很大 客服不理人 退货很麻烦 是假货 有划痕
 收到就是坏的 少发了配件 线头很多 有很大的味道 跟描述不符 一洗就变形 开不了机 充不进电 声音很小 屏幕有坏点
 物流太慢了 等了半个月 包装破损 根本不能用 用了一次就坏 很廉价的感觉 图片仅供参考`);

// ---- services (telecom, banks, couriers, airlines, apps) -----------------------------------
const SVC = L(`客服 快递 银行 航空公司 物业 4S店 运营商 医院 售后 平台 商家 门店 机场 网约车 app`);
const SVC_POS = L(`很快就解决了问题 态度特别好 处理得很及时 很专业 耐心解释 主动联系我 很负责任 效率很高 很快就退款了 服务很贴心
 帮了大忙 体验很好 一次就办好了 很靠谱 值得信赖`);
const SVC_NEG = L(`一直打不通 态度很恶劣 推来推去 一直不处理 问题到现在都没解决 退款到现在没到账 乱扣费 说话很冲 机器人客服答非所问
 让我等了一个小时 投诉了也没用 一直说在处理 就会道歉 根本不管 挂我电话 航班延误了五个小时 行李丢了 包裹丢了
 快递被弄坏了 三天都没人联系 又涨价了 强制消费 收了钱不办事 完全是敷衍`);

// ---- Weibo-style life posts -------------------------------------------------------
const LIFE_POS = L(`今天终于放假了 生日快乐 收到了朋友的礼物 考试过了 面试通过了 和闺蜜逛了一天街 今天天气真好 吃到了好吃的火锅
 周末去爬山了 终于见到偶像了 加薪了 宝宝会叫妈妈了 旅行回来心情很好 新年快乐 祝大家节日快乐 感谢大家的祝福
 今天的晚霞好美 猫咪好可爱 拿到offer了 比赛赢了 减肥成功了 和家人一起吃年夜饭 好幸福 今天超级开心 期待明天
 又是元气满满的一天 中奖啦 好久不见的老朋友聚会 新衣服很好看 喜欢这首歌 加油加油 为你点赞 太感动了 好棒`);
const LIFE_NEG = L(`又加班到半夜 感冒了好难受 堵车堵了两个小时 失眠了一整夜 下雨了心情好差 考试挂了 被老板骂了 钱包丢了 手机摔坏了
 好累啊 又胖了 分手了 好想哭 好烦 郁闷死了 被放鸽子了 排队排了一下午 今天倒霉透了 牙疼得睡不着 外面雾霾好严重
 航班又延误了 工资还没发 房租又涨了 好无聊 心好累 被骗了 气死我了 崩溃了 太伤心了 不想上班 作业写不完 好孤单
 又失败了 真让人失望 好心塞 无语了`);
const LIFE_NEU = L(`今天 刚刚 早上 晚上 周末 下班后 在路上 回家路上 午休时 上课的时候 今天去了趟超市 和同事聊了一会儿
 晚上看了一部电影 中午吃的食堂 周末回了趟老家 刚下飞机 坐在地铁上 一个人在家 转发微博 分享图片 我在这里 明天要考试
 妈妈打来电话 今天降温了 在图书馆 又到周一了 看完了这本书 刚跑完步 刚开完会 同学聚会 去医院复查 路过学校门口`);

// ---- shared pieces ----------------------------------------------------------------
const CLOSE_POS = L(`下次还会点 还会再来 推荐 五星好评 好评 必须好评 以后就点这家了 会回购的 一直在这家点 值得推荐 很满意 点赞
 谢谢 推荐大家来 下次还住这里 会推荐给朋友 赞一个 支持 强烈推荐 好评好评 非常满意 还会光顾 良心商家 继续支持`);
const CLOSE_NEG = L(`再也不点了 不会再点了 差评 太失望了 后悔了 不推荐 别点 大家慎点 浪费钱 要求退款 已投诉 给一星都多 再也不来了
 不会再住了 避雷 大家千万别来 真的很失望 拉黑了 不会再买了 气死了 垃圾 坑人 以后绕道走 心累`);
const MILD = L(`一般 一般般 马马虎虎 凑合 不怎么样 很普通 没什么特别的 中规中矩 也就那样 不过如此 就那样吧 没有想象中好
 不如以前了 感觉一般 味道一般 服务一般 性价比一般`);
const NEGATED_POS = L(`不太好吃 一点也不好吃 不怎么好吃 没有想象中好吃 不算新鲜 不太干净 不够热 不太满意 不太方便 没那么好 不是很好
 不值得 没有描述的那么好 不是很新鲜 服务不太好 不太推荐 不够专业 不怎么样`);
const NEGATED_NEG = L(`一点也不慢 不难吃 没有异味 一点都不吵 不贵 没让人失望 没有洒 不油腻 没有踩雷 不用等 一点都不咸 不坑 没有任何问题
 一点没凉 不踩雷 不会失望`);
// Neutral narration found in reviews of either polarity (so the model learns it carries no sign).
const NEUTRAL = L(`我们一行三人 订了两间房 到店已经是晚上十点了 第二天一早要赶飞机 酒店在市中心 离公司不远 是通过朋友介绍的
 这是第三次来了 带着父母一起 住的是八楼 房间朝南 点的是双人套餐 备注了少放辣 用的是优惠券 一共花了八十多
 下午四点下的单 周五晚上人比较多 之前在店里吃过 公司附近就这几家 这次换了一家试试 老公点的 孩子说想吃
 一直在用这个牌子 看了直播买的 是在官方旗舰店买的 快递是第三天到的 本来打算送人的 对比了好几家
 办理了会员 坐地铁过去的 开车过去的 打车十几块钱 附近有个商场 楼下就是便利店 大堂挺大的 电梯有四部`);
const MINOR_NEG = L(`唯一的缺点是停车不方便 美中不足的是早餐品种少了点 如果隔音再好一点就更好了 卫生间稍微小了一点 价格略贵
 送得稍微慢了点 有点咸 米饭少了点 就是有点远 电视频道少 窗户不能开 离地铁站要走十分钟 灯光有点暗 网速一般 建议增加一些菜品
 辣度可以再调一下 包装可以再改进 装修稍微有点旧 枕头有点高`);
const MINOR_POS = L(`位置倒是挺方便 前台态度还可以 价格是便宜 包装还算完整 送得倒是挺快 环境还算干净 米饭还行 早餐还凑合 装修还可以
 东西倒是送到了 唯一的优点是便宜 也就位置还行`);
const OVERALL_POS = L(`总体很满意 总的来说不错 整体感觉很好 瑕不掩瑜 总体还是推荐的 其他都很好 整体很满意 会再来的 值得入住 下次还会选择这里`);
const OVERALL_NEG = L(`总之不推荐 总体很失望 整体体验很差 不会再来了 总的来说不值 其他就别提了 总之很糟糕 对不起这个价格 性价比太低了 失望透顶`);
const CONNECT = ["，", "，", "，", "。", "！", " ", "；", "~", "，而且", "，还", "，也"];
const END = ["", "", "。", "！", "！！", "~", "。。。", "啊", "哈", "呀"];
const EMO_POS = ["[哈哈]", "[赞]", "[good]", "[爱你]", "[鼓掌]", "[嘻嘻]", "[心]", "[太开心]"];
const EMO_NEG = ["[怒]", "[泪]", "[抓狂]", "[衰]", "[失望]", "[伤心]", "[鄙视]", "[生病]"];
const TIME = L(`一个小时 一个多小时 一个半小时 两个小时 四十分钟 五十分钟 快两个小时 整整一个小时 三个小时 半天`);

// ---- long reviews (hotels and restaurants are often reviewed at length, pros and cons) ----
const ADJ_MINOR = L(`小 旧 吵 贵 远 慢 暗 咸 淡 少 硬 高 窄 简单 普通`);
const ASPECT = L(`房间 床 卫生间 早餐 位置 隔音 价格 服务 前台 环境 装修 停车场 电梯 网络 浴室 窗户 菜 米饭 汤 味道 分量 包装 送餐`);
const WEAK_POS = L(`还算干净 还可以 还行 也还方便 还算安静 挺方便的 基本满意 过得去 中规中矩但干净 说得过去 总体还行`);
const minorNeg = (pick: <T>(a: readonly T[]) => T) => {
  const a = pick(ASPECT), x = pick(ADJ_MINOR);
  return pick([`${a}有点${x}`, `${a}${x}了点`, `${a}稍微${x}了一些`, `${a}略${x}`, `${a}不算太好`, `${a}一般`, `${a}不太理想`]);
};
const VERDICT_POS = L(`总体来说性价比还是挺高的 下次来还会住 总的来说还是值得推荐的 以后出差还会选这里 整体还是很满意的 这个价格能住到这样已经很好了
 会推荐给朋友 对得起这个价格 还是会再来的 综合来看很不错`);
const VERDICT_NEG = L(`这个价格真不值 以后不会再来了 总体很失望 不推荐大家来 真后悔订了这家 希望酒店好好整改 对不起这个星级
 浪费了一次出行的心情 不会再住第二次 大家订之前想清楚`);

/** label: 1 positive, 0 negative, 0.5 neutral (a soft target: no evidence either way). */
export interface CorpusRow { text: string; label: 0 | 0.5 | 1; kind: string }

// ---- neutral posts: facts, plans, questions, announcements (soft target 0.5) -------------
const PLACE = L(`北京 上海 广州 深圳 杭州 成都 武汉 西安 南京 重庆 人民路 火车站附近 市中心 机场 公司楼下 学校旁边 商场三楼 地铁口`);
const THING = L(`手机 外卖 酒店 房间 早餐 快递 订单 航班 会员卡 优惠券 新品 套餐 门店 App 发票 停车场 电梯 网络 客服电话 菜单`);
const NEUTRAL_FRAMES: Array<(p: <T>(a: readonly T[]) => T) => string> = [
  (p) => `${p(["今天", "明天", "下周", "周六", "晚上"])}${p(["去", "要去", "打算去", "准备去"])}${p(PLACE)}${p(["", "一趟", "办事", "开会", "见个朋友"])}`,
  (p) => `${p(THING)}${p(["在", "位于", "搬到了"])}${p(PLACE)}`,
  (p) => `请问${p(THING)}${p(["几点", "什么时候", "怎么", "在哪里", "能不能"])}${p(["开门", "到", "办理", "使用", "修改", "取消", "开发票"])}${p(["？", "?", "呢？", ""])}`,
  (p) => `${p(["点了", "订了", "买了", "叫了", "预约了"])}${p(["一份", "两份", "一个", "一间", "一张"])}${p([...FOOD.slice(0, 30), "标准间", "大床房", "机票", "车票"])}`,
  (p) => `${p(THING)}${p(["将于", "预计", "计划"])}${p(["下周", "本月底", "明天", "三月份", "十点"])}${p(["上线", "开业", "发布", "调整", "恢复", "送达"])}`,
  (p) => `${p(["我", "我们", "朋友", "同事", "家里人"])}${p(["正在", "刚刚", "昨天"])}${p(["看", "讨论", "查", "问"])}${p(THING)}的${p(["价格", "时间", "地址", "规则", "型号"])}`,
  (p) => `${p(["转发微博", "分享图片", "我在这里", "打卡", "记录一下"])}${p(["", "：" + p(PLACE), "#日常#"])}`,
  (p) => `${p(LIFE_NEU)}，${p(NEUTRAL)}`,
  (p) => `${p(HOTEL_CTX)}，${p(NEUTRAL)}`,
  (p) => `${p(DELIV_CTX)}，${p(["备注了少放辣", "选的是到店自取", "用了满减", "定的是六点送达"])}`,
  (p) => `${p(["明天", "下午", "周末", "月底", "下个月"])}${p(["三点", "两点", "上午", ""])}${p(["开会", "考试", "出差", "搬家", "体检", "上课", "值班"])}`,
  (p) => `${p(["我", "我们", "他", "她"])}${p(["在", "到了", "还在", "回到"])}${p(PLACE)}`,
  (p) => `${p(["你们", "商家", "酒店", "客服"])}${p(["几点", "周末", "节假日", "晚上"])}${p(["关门", "营业吗", "上班吗", "有人吗", "能送吗"])}${p(["？", "?"])}`,
  (p) => `${p(THING)}${p(["的", ""])}${p(["价格", "地址", "电话", "营业时间", "规则"])}${p(["是多少", "在哪", "改了", "更新了", "见下图"])}`,
  (p) => `${p(["第一次", "第二次", "这周", "刚刚"])}${p(["用", "试", "去", "看"])}${p(["这个", "这家", "那个"])}${p(THING)}`,
  (p) => `这${p(["款", "家", "个"])}${p(THING)}${p(["有", "提供", "分"])}${p(["两种", "三种", "好几种", "大小两种"])}${p(["颜色", "规格", "口味", "房型", "套餐"])}`,
];

/** mulberry32 with a readable/settable state, so a review's frame can be replayed. */
function rng(seed: number): { next: () => number; state: number } {
  const g = {
    state: seed >>> 0,
    next: () => { g.state = (g.state + 0x6d2b79f5) >>> 0; let t = g.state; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; },
  };
  return g;
}

/** Hand-written whole reviews and posts (not templates), labelled 1 positive / 0 negative. */
export const HAND_WRITTEN: Array<[0 | 1, string]> = [
  [1, "送得很快，饭菜还是热的，味道也好，给骑手小哥点个赞"], [0, "下单一个半小时才送到，打电话给商家一直说已经出餐了，饭到手全凉了"],
  [1, "这家的黄焖鸡一直很稳定，鸡肉多，汤汁拌饭绝了"], [0, "备注了不要香菜，结果满满一层香菜，商家根本不看备注"],
  [1, "分量很足，两个人都吃不完，价格也实惠"], [0, "和上次比分量少了一半，价格还涨了，不会再点了"],
  [1, "第一次点就爱上了，米线很滑，汤底很浓"], [0, "米线泡得发胀，汤也是温的，吃了几口就不想吃了"],
  [1, "骑手冒着大雨送来的，还一直道歉，其实一点都没晚，辛苦了"], [0, "骑手把餐放在门卫就走了，也不打个电话，我下楼找了半天"],
  [1, "酒店位置很好，出门就是地铁，房间干净整洁，前台服务也很热情"], [0, "房间的空调坏了，找前台说会派人来修，等到半夜也没人来"],
  [1, "早餐品种很多，中西式都有，味道也不错，下次来还住这家"], [0, "早餐就几样冷菜，鸡蛋都是凉的，还要另外收费"],
  [1, "隔音很好，一觉睡到天亮，床也很舒服"], [0, "隔音太差了，隔壁说话听得一清二楚，一晚上没睡好"],
  [1, "价格不贵，环境干净，出差住很合适"], [0, "价格比旁边的五星还贵，设施却像招待所一样"],
  [1, "服务员主动帮我们拿行李，还给孩子准备了小礼物，很贴心"], [0, "卫生间地上都是头发，毛巾上还有污渍，恶心"],
  [1, "老公买的，说很好用，物流也快"], [0, "收到的时候盒子都压扁了，里面的东西也碎了，客服还不承认"],
  [1, "已经是第三次买了，质量一直很好"], [0, "穿了一次就开线了，质量太差了"],
  [1, "客服处理问题很快，态度也好，给你们点赞"], [0, "打了十几次客服电话都没人接，好不容易接通了又让我等回复"],
  [1, "今天和朋友去吃了新开的店，太好吃了[哈哈]"], [0, "今天又加班，晚饭都没吃上，累死了[泪]"],
  [1, "终于到家了，还是家里最舒服"], [0, "排了两个小时的队，结果告诉我卖完了[怒]"],
  [1, "满分好评，包装精致，味道也好，送餐速度也快"], [0, "包装漏了一袋子油，衣服都弄脏了"],
  [1, "很好吃，就是送得稍微慢了一点，不过可以理解"], [0, "虽然送得挺快，但是菜太咸了，根本吃不下"],
  [1, "虽然位置有点偏，但是房间很大很干净，服务也好，性价比很高"], [0, "虽然装修还可以，但是服务太差了，前台爱答不理"],
  [0, "说是招牌菜，吃起来和食堂的没什么两样"], [1, "本来没抱太大希望，没想到味道这么好"],
  [0, "图片上看着挺多的，实际就一小碗"], [1, "比图片上的还多，吃得很饱"],
  [0, "怎么会有这么难吃的饭"], [0, "这也叫五星酒店？"], [1, "还会再来的，推荐给大家"], [0, "以后再也不会住这家了"],
  [0, "等了那么久，就送来这个？"], [1, "一如既往地好，没什么可挑剔的"], [0, "肉都是冻的，解冻都没解透"],
  [1, "热乎乎的，汤很多，冬天吃很暖和"], [0, "饭是硬的，菜是咸的，汤是凉的"], [1, "老板人很好，多送了一瓶可乐"],
  [0, "商家态度差，说了几句就把我拉黑了"], [1, "味道很正宗，跟在当地吃的一样"], [0, "明明写着大份，到手就是小份"],
  [1, "酒店很新，设施都很好用，智能控制很方便"], [0, "房间里一股下水道的味道，换了房间还是一样"],
  [1, "离火车站很近，走路五分钟，很方便"], [0, "打车过去司机都找不到，周围什么都没有"],
  [0, "入住的时候说没有我订的房型，只能换小的，也不给退差价"], [1, "入住时间早，前台也让我们提前入住了，很人性化"],
  [1, "不错不错，下次还点"], [0, "难吃，难吃，难吃，重要的事情说三遍"], [1, "好吃好吃，已经推荐给同事了"],
  [0, "就这？"], [1, "棒棒的"], [0, "失望"], [1, "满意"], [0, "太慢了"], [1, "很快"], [0, "不好吃"], [1, "好吃"],
  [0, "凉了"], [1, "热的"], [0, "一般"], [1, "还不错"], [0, "差"], [1, "赞"], [0, "很脏"], [1, "干净"],
  // second hand-written batch: longer, freer reviews
  [1, "这是我在这个城市住过最满意的一家酒店，房间不算大但是布置得很用心，床品有阳光的味道，早上还有免费的咖啡"],
  [0, "我们晚上十一点才到，前台只有一个人，办入住用了快半个小时，进房间发现空调遥控器没电，又等了二十分钟"],
  [1, "一家人出去玩住了两天，孩子特别喜欢大堂的小图书角，服务员每次见到都会打招呼，很有人情味"],
  [0, "标着四星，实际上也就是快捷酒店的水平，地毯有一块块的污渍，浴缸边上发黑，看着就不想用"],
  [1, "出差经常住这家，胜在稳定，每次都干干净净的，前台也都认识我了"],
  [0, "楼下就是酒吧，凌晨两点还在放音乐，打电话给前台，说没办法"],
  [1, "酒店对面就是海，早上拉开窗帘就能看到日出，这个价格真的很值"],
  [0, "订房的时候说含双早，结果退房时又收了早餐钱，解释了半天也不给退"],
  [1, "隔音做得很好，虽然临街，关上窗户几乎听不到声音"],
  [0, "热水要放十分钟才有，洗到一半又变冷了，冬天洗澡简直受罪"],
  [1, "房间有点旧，但是很干净，工作人员也很热心，帮我们叫了车还提醒了路线，这个价位很满意"],
  [0, "服务员进房间打扫也不敲门，直接拿房卡开门，太不尊重人了"],
  [1, "大床很舒服，枕头有软硬两种可以选，睡得特别好"],
  [0, "房间里的电视、电话、台灯没有一样是好的，这样的酒店也敢收这个价"],
  [1, "早餐虽然品种不算多，但是每样都做得很用心，粥和包子都很好吃"],
  [0, "网上的照片应该是十年前拍的吧，实际的房间又暗又旧"],
  [1, "酒店在老城区里面，出门就是小吃街，逛吃特别方便"],
  [0, "停车场要另外收费，而且车位很少，转了三圈才找到位置"],
  [1, "入住时赶上下雨，门童主动撑伞过来接我们，细节做得很好"],
  [0, "退房查房查了二十分钟，差点误了火车"],
  [1, "第一次在这家点，没想到这么惊喜，牛肉给得很大方，汤也是熬出来的味道"],
  [0, "点的是招牌牛肉面，牛肉只有三四片，薄得能透光"],
  [1, "商家还手写了一张小卡片，虽然是小事但是很暖心"],
  [0, "外卖袋子没有封口，不知道路上有没有被人动过，吃得很不放心"],
  [1, "下雨天点的，骑手小哥浑身都湿了，饭却一点没洒，真的很感谢"],
  [0, "打开盒子一股酸味，不知道是不是隔夜的菜，不敢吃直接扔了"],
  [1, "炒饭粒粒分明，油不多，配的汤也很清爽"],
  [0, "鸡腿饭里的鸡腿一半是生的，咬下去还带血丝"],
  [1, "每次加班都点这家，晚上十点多也送得很快，味道一直很稳定"],
  [0, "页面上写着三十分钟送达，结果一个半小时后才送到，还说是天气原因，那天根本没下雨"],
  [1, "麻辣烫的汤底很香，菜也新鲜，自己选的菜一样没少"],
  [0, "要了微辣，结果辣得根本吃不了，喝了两瓶水"],
  [1, "价格便宜量又足，学生党表示很满足"],
  [0, "饭菜的量一次比一次少，价格一次比一次高"],
  [1, "奶茶甜度刚刚好，珍珠很Q，包装也很用心，一滴没洒"],
  [0, "奶茶送到的时候冰都化了，味道淡得像水"],
  [1, "饺子皮薄馅多，一口咬下去都是汤汁，家里人都说好吃"],
  [0, "饺子全粘在一起了，一夹就破，馅还是酸的"],
  [1, "很少给好评，这家真的值得，已经收藏了"],
  [0, "本来想给个好评的，结果吃到一半发现一只苍蝇"],
  [1, "老板很实在，多要了一份酱也没收钱"],
  [0, "多要一双筷子还要加钱，真是第一次见"],
  [1, "份量很足，两个人吃一份都够了，下次还点"],
  [0, "米饭硬，菜咸，肉少，三个缺点占全了"],
  [1, "送到的时候还冒着热气，这么冷的天吃到热乎的饭太幸福了"],
  [0, "骑手打电话让我下楼拿，我说我腿受伤了，他直接挂了电话"],
  [1, "耳机音质超出预期，戴着也不压耳朵，这个价格很值"],
  [0, "耳机用了三天左边就没声音了，申请售后一直没人理"],
  [1, "裙子的面料很舒服，颜色和图片一样，穿上很显气质"],
  [0, "裙子线头一大堆，拉链还是坏的，一看就是次品"],
  [1, "快递员很负责，家里没人还帮忙放到了物业，还发短信告诉我"],
  [0, "快递显示已签收，可我根本没收到，快递员电话也打不通"],
  [1, "客服回复得很快，问题也说得很清楚，给人感觉很专业"],
  [0, "问了三遍同一个问题，客服每次都复制粘贴同一段话"],
  [1, "银行的工作人员很耐心，一步一步教我老妈用手机银行"],
  [0, "办张卡跑了三趟，每次都说缺材料，就不能一次说清楚吗"],
  [1, "航班准点起飞，空姐服务很周到，餐食也比想象中好"],
  [0, "航班延误了四个小时，没有任何解释，也没有安排餐食"],
  [1, "维修师傅上门很准时，活干得利索，还把地面清理干净了"],
  [0, "师傅来了看一眼就说要换整个零件，收了三百块，用了两天又坏了"],
  [1, "今天收到了好多生日祝福，谢谢大家，爱你们"],
  [0, "加了一整周的班，周末还要去公司，太累了"],
  [1, "终于考完试了，晚上和室友去吃火锅庆祝一下"],
  [0, "在医院排了一上午的队，看病只看了五分钟"],
  [1, "今天的夕阳美得不像话，随手一拍就是壁纸"],
  [0, "刚买的手机就摔碎了屏幕，心疼死了"],
  [1, "家里的猫今天学会了开门，笑死我了"],
  [0, "房东突然说要涨房租，不然就搬走，好烦"],
  [1, "跑完了人生第一个半程马拉松，给自己点个赞"],
  [0, "又被同事甩锅了，有苦说不出"],
  [1, "环境不错，服务员很热情，菜上得也快"], [0, "环境吵，服务员半天叫不来，菜上得特别慢"],
  [1, "性价比很高的一家店，还会再来"], [0, "性价比很低，这个价格可以去吃更好的"],
  [1, "物超所值，强烈推荐"], [0, "名不副实，不推荐"], [1, "干净，方便，安静"], [0, "脏，乱，吵"],
  [1, "还可以，挺快的"], [0, "还可以吧，就是太贵了，不会再点"], [1, "整体还行，会再来"], [0, "一般般，没有回购的欲望"],
  [1, "挺好的吧，反正我挺喜欢"], [0, "也就那样吧，不值这个价"], [1, "床很大，也很软，一夜好眠"], [0, "床很硬，枕头也太高，睡得腰酸背痛"],
];

/** Builds the corpus: hand-written rows plus `n` composed reviews, balanced 50/50. */
export function buildCorpus(n = 12000, seed = 20261125): CorpusRow[] {
  const g = rng(seed);
  const r = g.next;
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const some = (a: readonly string[], k: number) => { const out = new Set<string>(); let guard = 0; while (out.size < k && guard++ < 20) out.add(pick(a)); return [...out]; };
  const join = (parts: string[]) => { let s = parts[0]; for (let i = 1; i < parts.length; i++) s += pick(CONNECT) + parts[i]; return s + pick(END); };
  const maybe = (p: number, s: string) => (r() < p ? s : "");
  const rows: CorpusRow[] = HAND_WRITTEN.map(([label, text]) => ({ text, label, kind: "hand" }));

  type Domain = { pos: string[]; neg: string[]; ctx: string[]; subj: () => string; narr: (pos: boolean) => string };
  const delivery: Domain = {
    pos: [...FOOD_POS, ...DELIV_POS], neg: [...FOOD_NEG, ...DELIV_NEG], ctx: DELIV_CTX,
    subj: () => pick(["", "", pick(FOOD), "这家的" + pick(FOOD), pick(FOOD) + "的味道", "这家店", "外卖"]),
    narr: (pos) => pos
      ? pick([`${pick(TIME.slice(3, 5))}不到就送到了`, `点了${pick(FOOD)}和${pick(FOOD)}，都很好吃`, `小哥提前${pick(["十分钟", "二十分钟", "半小时"])}送到`, `${pick(FOOD)}是我吃过最好吃的`])
      : pick([`等了${pick(TIME)}才送到`, `等了${pick(TIME)}还没送到`, `打了${pick(["两", "三", "好几", "五"])}次电话都没人接`, `点了${pick(FOOD)}结果送来的是${pick(FOOD)}`, `${pick(FOOD)}里吃出了${pick(["头发", "虫子", "钢丝球", "塑料"])}`, `找商家退款，商家${pick(["不理", "拒绝", "一直拖着"])}`]),
  };
  const hotel: Domain = {
    pos: HOTEL_POS, neg: HOTEL_NEG, ctx: HOTEL_CTX,
    subj: () => pick(["", "", "酒店", "这家酒店", "宾馆", "房间", "整体"]),
    narr: (pos) => pos
      ? pick([`前台${pick(["主动", "免费"])}帮我们${pick(["升级了房间", "寄存了行李", "叫了车", "延迟退房"])}`, `${pick(["晚上", "早上"])}${pick(["打电话要了毛巾", "需要熨斗"])}，${pick(["几分钟", "很快"])}就送来了`])
      : pick([`入住的时候等了${pick(TIME.slice(3))}`, `半夜${pick(["空调", "热水器", "马桶", "电视"])}坏了，打电话${pick(["没人管", "说明天再修", "等了一个小时才来"])}`, `${pick(["洗澡", "睡觉"])}的时候发现${pick(["有蟑螂", "床单有污渍", "没有热水", "窗户关不严"])}`, `退房时被${pick(["多收了钱", "说我弄坏了东西", "扣了押金"])}`]),
  };
  const shop: Domain = {
    pos: ITEM_POS, neg: ITEM_NEG, ctx: L("第一次买 帮朋友买的 回购的 双十一买的 活动的时候买的 给家人买的 看了很多家才选的"),
    subj: () => pick(["", pick(ITEM), "这个" + pick(ITEM), "宝贝", "东西"]),
    narr: (pos) => pos
      ? pick([`用了${pick(["一周", "一个月", "半年"])}，${pick(["没有任何问题", "很好用", "很满意"])}`, `客服${pick(["很耐心地", "很快地"])}回答了我的问题`])
      : pick([`用了${pick(["两天", "一周", "三次"])}就${pick(["坏了", "不能用了", "掉漆了", "开胶了"])}`, `联系客服${pick(["不回复", "一直推脱", "让我自己承担运费"])}`, `申请退货${pick(["被拒绝了", "到现在都没处理", "还要我出运费"])}`]),
  };
  const service: Domain = {
    pos: SVC_POS, neg: SVC_NEG, ctx: L("昨天 上周 今天上午 前几天 这个月 刚才"),
    subj: () => pick(SVC),
    narr: (pos) => pos ? pick(SVC_POS) : `${pick(["打了", "等了", "拖了"])}${pick(["三天", "一个星期", TIME[1], "半个月"])}${pick(["还是没解决", "也没人管", "都没回复"])}`,
  };
  const life: Domain = {
    pos: LIFE_POS, neg: LIFE_NEG, ctx: LIFE_NEU,
    subj: () => "", narr: (pos) => pick(pos ? LIFE_POS : LIFE_NEG),
  };
  const domains: Array<[Domain, number, string]> = [[delivery, 0.33, "delivery"], [hotel, 0.31, "hotel"], [shop, 0.13, "shop"], [service, 0.08, "service"], [life, 0.15, "life"]];

  // 5-9 clauses: a verdict plus mostly one polarity, with asides of the other and neutral narration.
  const longReview = (d: Domain, pos: boolean): string => {
    const parts: string[] = [];
    if (r() < 0.7) parts.push(pick(d.ctx));
    if (r() < 0.6) parts.push(pick(NEUTRAL));
    const main = some(pos ? d.pos : d.neg, 2 + Math.floor(r() * 3));
    const asides = pos
      ? Array.from({ length: 1 + Math.floor(r() * 2) }, () => (r() < 0.4 ? pick(["就是", "不过", "但是", "只是", "唯一不足的是"]) : "") + minorNeg(pick))
      : Array.from({ length: Math.floor(r() * 3) }, () => (r() < 0.5 ? pick(WEAK_POS) : pick(MINOR_POS)));
    if (!pos && r() < 0.5) main.push(d.narr(false));
    if (pos && r() < 0.3) main.push(d.narr(true));
    const body = [...main];
    for (const a of asides) body.splice(Math.floor(r() * (body.length + 1)), 0, a);
    parts.push(...body);
    if (r() < 0.75) parts.push(pick(pos ? VERDICT_POS : VERDICT_NEG));
    return join(parts);
  };
  const withSubj = (d: Domain, phrase: string) => { const s = d.subj(); return s && r() < 0.4 ? s + phrase : phrase; };
  const compose = (d: Domain, label: 0 | 1): string => {
    const pos = label === 1;
    const same = pos ? d.pos : d.neg, other = pos ? d.neg : d.pos;
    const shape = r();
    const ctx = maybe(0.35, pick(d.ctx));
    const parts: string[] = [];
    if (ctx) parts.push(ctx);
    if (d !== life && r() < 0.25) parts.push(pick(NEUTRAL));
    if (shape < 0.42) {
      // plain: one to four aspect phrases of one polarity, maybe a narrative and a closing
      for (const p of some(same, 1 + Math.floor(r() * 3))) parts.push(withSubj(d, p));
      if (r() < 0.3) parts.push(d.narr(pos));
      if (r() < 0.45) parts.push(pick(pos ? CLOSE_POS : CLOSE_NEG));
    } else if (shape < 0.56) {
      // contrast: the clause after 但是/不过/可是 decides
      const a = withSubj(d, pick(other)), b = pick(same);
      const form = Math.floor(r() * 5);
      if (form === 0) parts.push(`虽然${a}`, `但是${b}`);
      else if (form === 1) parts.push(a, `但是${b}`);
      else if (form === 2) parts.push(a, `不过${b}`);
      else if (form === 3) parts.push(a, `可是${b}`);
      else parts.push(a, (pos ? pick(["好在", "幸好", "还好"]) : pick(["可惜", "只可惜", "遗憾的是"])) + b);
      if (r() < 0.5) parts.push(pos ? pick([...CLOSE_POS, "总体还是很满意", "总的来说不错"]) : pick([...CLOSE_NEG, "总体很失望", "不会再来了"]));
    } else if (shape < 0.64 && r() < 0.5) {
      // long mixed review: several aspects, mostly one way, one aside the other way, an overall verdict
      parts.push(maybe(0.6, pick(NEUTRAL)));
      for (const p of some(same, 2 + Math.floor(r() * 3))) parts.push(withSubj(d, p));
      if (r() < 0.5) parts.push(maybe(0.4, pick(NEUTRAL)));
      // The aside is often introduced by a contrast word; a reader still goes by the whole review.
      const aside = (r() < 0.5 ? pick(["但是", "不过", "就是", "只是", "可惜", "唯一不足的是", "缺点是"]) : "") + (pos ? pick(MINOR_NEG) : pick(MINOR_POS));
      if (r() < 0.5) parts.push(aside); else parts.splice(1 + Math.floor(r() * (parts.length - 1)), 0, aside);
      if (r() < 0.6) parts.push(pick(pos ? OVERALL_POS : OVERALL_NEG));
    } else if (shape < 0.64) {
      // reservation after strong praise stays positive; mild praise before a complaint is negative
      if (pos) parts.push(...some(d.pos, 2).map((p) => withSubj(d, p)), `就是${pick(["有点", "稍微", "略"])}${pick(["贵", "慢", "远", "小", "咸", "吵"])}`, maybe(0.5, pick(CLOSE_POS)) || pick(["整体满意", "瑕不掩瑜", "下次还会来"]));
      else parts.push(pick(["还可以", "还行", "一般", "凑合"]), `就是${pick(d.neg)}`, maybe(0.6, pick(CLOSE_NEG)) || "不会再来");
    } else if (shape < 0.74) {
      // negation
      if (pos) parts.push(withSubj(d, pick(NEGATED_NEG)), pick(d.pos));
      else parts.push(withSubj(d, pick(NEGATED_POS)), maybe(0.5, pick(d.neg)) || pick(CLOSE_NEG));
    } else if (shape < 0.8 && !pos) {
      // lukewarm: in a rating, "一般" is a let-down
      parts.push(withSubj(d, pick(MILD)), maybe(0.6, pick([...MILD, "没有下次了", "不会回购", "不推荐", "对不起这个价格"])));
    } else if (shape < 0.8) {
      parts.push(withSubj(d, pick(["还可以", "还不错", "挺好的", "可以"])), pick(d.pos), maybe(0.5, pick(CLOSE_POS)));
    } else if (shape < 0.9) {
      // narrative complaint or story of good service
      parts.push(d.narr(pos));
      if (r() < 0.6) parts.push(pick(same));
      if (r() < 0.5) parts.push(pick(pos ? CLOSE_POS : CLOSE_NEG));
    } else if (shape < 0.95) {
      // rhetorical questions and exclamations
      if (pos) parts.push(pick(["怎么会这么好吃", "哪里找这么好的服务", "谁说不好吃的", "这么便宜还这么好", "还有比这更好的吗"]), pick(d.pos));
      else parts.push(pick(["这也叫好吃", "这是人吃的吗", "这就是你们的服务", "就这个质量还好意思卖这么贵", "你们还想不想做生意了", "有没有人管管", "凭什么不给退"]) + pick(["？", "？？", "?"]), maybe(0.6, pick(d.neg)));
    } else {
      // short one-liners
      parts.push(pick(same));
      if (r() < 0.5) parts.push(pick(pos ? CLOSE_POS : CLOSE_NEG));
    }
    let text = join(parts.filter(Boolean));
    // Weibo-style emoticons on a share of posts, matching the post's polarity
    if (d === life || r() < 0.05) if (r() < 0.5) text += pick(pos ? EMO_POS : EMO_NEG);
    return text;
  };

  const seen = new Set(rows.map((x) => x.text));
  let guard = 0;
  // Reviews come in pairs: the positive one and a negative one replayed from the same random
  // state, so context, narration, subject and punctuation are shared by both labels as far as
  // the two compositions run in step, and the model gives such neutral words no sign.
  const target = n + HAND_WRITTEN.length;
  for (; rows.length < target && guard < n * 5; guard++) {
    const x = r();
    let acc = 0, d = domains[0];
    for (const dom of domains) { acc += dom[1]; if (x < acc) { d = dom; break; } }
    const long = (d[0] === hotel || d[0] === delivery || d[0] === shop) && r() < (d[0] === hotel ? 0.35 : 0.15);
    const frame = g.state;
    const make = (label: 0 | 1) => { g.state = frame; return long ? longReview(d[0], label === 1) : compose(d[0], label); };
    const pos = make(1), neg = make(0);
    if (seen.has(pos) || seen.has(neg) || pos === neg) continue;
    seen.add(pos); seen.add(neg);
    rows.push({ text: pos, label: 1, kind: d[2] });
    if (rows.length < target) rows.push({ text: neg, label: 0, kind: d[2] });
  }
  // Neutral posts: the model learns that facts, plans and questions carry no sign.
  const neutralTarget = rows.length + Math.round(n * NEUTRAL_SHARE);
  for (guard = 0; rows.length < neutralTarget && guard < n * 5; guard++) {
    const text = pick(NEUTRAL_FRAMES)(pick) + pick(["", "", "。", "~"]);
    if (seen.has(text)) continue;
    seen.add(text);
    rows.push({ text, label: 0.5, kind: "neutral" });
  }
  return rows;
}

/** Neutral rows added on top of the n polar ones, as a share of n. */
const NEUTRAL_SHARE = 0.2;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const opt = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : d);
  const out = path.resolve(opt("--out", "models/corpus/zh-reviews.project.jsonl"));
  const rows = buildCorpus(Number(opt("--n", "12000")), Number(opt("--seed", "20261125")));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, rows.map((x) => JSON.stringify(x)).join("\n") + "\n");
  const count = (l: number) => rows.filter((x) => x.label === l).length;
  console.log(`wrote ${out}: ${rows.length} rows (${count(1)} positive, ${count(0)} negative, ${count(0.5)} neutral)`);
}
