// Generator of the project-written complaint corpus (models/corpus/complaints.project.jsonl).
// Every sentence, template and slot value below was written by the project from general
// knowledge of how people complain online and what else they post (domain.md's taxonomy:
// product quality, service, price, integrity; outcome vs process failures; grumbles vs
// demands for a remedy). No benchmark set was read while writing it: it is NOT derived
// from complaints-dev or any other eval-only set. Deterministic for a given seed.
//
// Label 1 = complaint: a breach of expectation about a product or service (with or
// without a demand, addressed to the company or not, sarcastic or plain). Label 0 =
// everything else: questions, praise, thanks, promotions, news, chit-chat, jokes,
// personal life, replies, and negative posts that are not about a failed product or
// service (bad weather, sport, sad news, politics, moods).

import fs from "node:fs";
import { BRANDS_BY_INDUSTRY, BRAND_WORDS } from "../../analysis/text/complaint.rules.ts";

/** Whole posts written by hand by the project (label TAB text), kept verbatim plus noisy copies. */
export const HANDWRITTEN = new URL("../../models/corpus/complaints.handwritten.tsv", import.meta.url);

export interface CorpusRow { text: string; label: 0 | 1; kind: string; domain: string }

type Slots = Record<string, string[]>;

interface Domain {
  name: string;
  handles: string[];
  brands: string[];
  slots: Slots;
}

const DOMAINS: Domain[] = [
  {
    name: "apparel", handles: ["@threadline", "@urbanknit", "@stridewear", "@northpeakgear", "@lulafit", "@denimco"],
    brands: ["Threadline", "Urban Knit", "Stride", "North Peak", "Lula"],
    slots: {
      item: ["shoes", "jacket", "hoodie", "jeans", "dress", "sneakers", "t-shirt", "boots", "leggings", "coat", "running shoes", "backpack", "socks", "swimsuit", "sweater"],
      defect: ["fell apart after two weeks", "ripped at the seam the first time I wore it", "shrank after one wash", "faded after one wash", "has a hole in it", "came in the wrong size", "looks nothing like the picture", "zipper broke already", "the sole is coming off", "smells like chemicals", "came with a stain on it", "is missing a button", "is falling apart", "bled dye all over my other clothes"],
      thing: ["return label", "exchange", "refund", "order", "package", "store credit"],
      place: ["the mall store", "your downtown store", "the outlet", "your website"],
      good: ["the fit is perfect", "the quality is amazing", "they are so comfy", "it's my new favourite"],
      product: ["winter collection", "new sneaker drop", "spring line", "trail runners"],
    },
  },
  {
    name: "cars", handles: ["@voltamotors", "@ridgeauto", "@kestrelcars", "@summitmotor", "@autocareplus"],
    brands: ["Volta", "Ridge", "Kestrel", "Summit Motors"],
    slots: {
      item: ["car", "truck", "suv", "transmission", "brakes", "engine", "infotainment screen", "car battery", "backup camera", "ac", "sunroof"],
      defect: ["has been in the shop three times this month", "keeps throwing a check engine light", "died on the highway", "failed at 20k miles", "makes a grinding noise and the dealer says it's normal", "still hasn't been fixed after the recall", "won't start in the cold", "is leaking oil again", "keeps freezing while I drive", "stopped working a week after the service"],
      thing: ["part", "loaner car", "recall repair", "warranty claim", "service appointment", "callback"],
      place: ["the dealership", "the service center", "your showroom"],
      good: ["it drives like a dream", "the mileage is great", "the service team was quick"],
      product: ["new ev", "2025 model", "hybrid", "pickup"],
    },
  },
  {
    name: "electronics", handles: ["@nimbustech", "@pixelforge", "@voltacell", "@soniqaudio", "@brightscreen", "@gearhub"],
    brands: ["Nimbus", "Pixelforge", "Soniq", "Brightscreen"],
    slots: {
      item: ["phone", "laptop", "headphones", "charger", "tv", "tablet", "printer", "router", "smartwatch", "camera", "earbuds", "console", "speaker", "keyboard", "monitor"],
      defect: ["won't turn on", "keeps restarting", "dies after two hours", "stopped charging", "overheats all the time", "won't connect to wifi", "was dead on arrival", "has a dead pixel", "cracked out of nowhere", "stopped working after a month", "keeps disconnecting", "won't pair anymore", "freezes every few minutes", "makes a buzzing noise"],
      thing: ["replacement", "repair", "warranty claim", "refund", "order", "ticket"],
      place: ["the store", "your support chat", "the repair center"],
      good: ["the sound is incredible", "the battery lasts forever", "the camera is stunning", "setup took two minutes"],
      product: ["new phone", "noise cancelling headphones", "4k tv", "smartwatch"],
    },
  },
  {
    name: "food", handles: ["@burgerbarn", "@crustpizza", "@beanhouse", "@tacotown", "@freshbowl", "@chickenshack", "@quickbite"],
    brands: ["Burger Barn", "Crust", "Bean House", "Taco Town", "Fresh Bowl"],
    slots: {
      item: ["order", "pizza", "burger", "coffee", "sandwich", "fries", "salad", "delivery", "latte", "wings", "burrito", "meal", "breakfast"],
      defect: ["was ice cold", "showed up an hour late", "was missing half the items", "was completely wrong", "had a hair in it", "was undercooked", "tasted stale", "was burnt", "made me sick", "was half empty", "was soggy", "never showed up"],
      thing: ["refund", "order", "delivery", "replacement meal", "coupon"],
      place: ["the drive thru", "the location on main street", "your airport store", "the mall"],
      good: ["it was delicious", "the fries were perfect", "best coffee in town", "the staff were so friendly"],
      product: ["new menu", "pumpkin latte", "spicy sandwich", "breakfast menu"],
    },
  },
  {
    name: "retail", handles: ["@shopmart", "@megastore", "@homebase", "@cartly", "@bargainbarn", "@dailymarket"],
    brands: ["Shopmart", "Megastore", "Homebase", "Cartly"],
    slots: {
      item: ["order", "package", "parcel", "refund", "return", "gift card", "delivery", "couch", "mattress", "grocery order"],
      defect: ["never arrived", "says delivered but it's not here", "came damaged", "was cancelled without telling me", "still hasn't shipped", "was never processed", "was charged twice", "went to the wrong address", "is stuck in transit", "arrived with missing items"],
      thing: ["refund", "tracking update", "replacement", "delivery", "return", "credit"],
      place: ["the checkout", "customer service desk", "your app", "the self checkout"],
      good: ["delivery was super fast", "the staff helped me find everything", "great prices today"],
      product: ["holiday sale", "new loyalty app", "same day delivery"],
    },
  },
  {
    name: "services", handles: ["@netlinkisp", "@brightbank", "@cellwave", "@homeshield", "@powergrid_co", "@swiftship", "@fibrenet"],
    brands: ["Netlink", "Bright Bank", "Cellwave", "Homeshield", "Swiftship"],
    slots: {
      item: ["internet", "bill", "account", "phone service", "card", "claim", "wifi", "cable", "data plan", "package", "power"],
      defect: ["has been down all day", "went up again without warning", "got locked for no reason", "has no signal at home", "is slower than dial up", "got declined for no reason", "was denied after months", "keeps dropping every hour", "has been out since last night", "was lost by the courier"],
      thing: ["technician", "refund", "callback", "credit", "new card", "claim", "engineer"],
      place: ["the branch", "your phone line", "the chat"],
      good: ["the technician was great", "the app makes it easy", "the rep sorted it in minutes"],
      product: ["fibre plan", "new rewards card", "5g plan"],
    },
  },
  {
    name: "software", handles: ["@cloudnote", "@streamio", "@gamevault", "@photolab_app", "@taskly", "@payzip", "@chatterapp"],
    brands: ["Cloudnote", "Streamio", "Gamevault", "Taskly", "Payzip"],
    slots: {
      item: ["app", "update", "account", "game", "subscription", "website", "server", "login", "sync", "latest patch", "checkout page"],
      defect: ["keeps crashing", "won't let me log in", "deleted all my files", "lags constantly", "broke everything", "charged me after I cancelled", "keeps showing an error", "logged me out and won't let me back in", "is down again", "wiped my save", "won't load at all", "drains my battery"],
      thing: ["fix", "refund", "reply", "password reset email", "support ticket", "patch"],
      place: ["the help center", "your forum", "the app store"],
      good: ["the new design is clean", "it works great", "this feature saves me hours"],
      product: ["dark mode", "new update", "desktop version", "season pass"],
    },
  },
  {
    name: "transport", handles: ["@skylineair", "@metrorail", "@ridego", "@parcelpost", "@coastbus", "@jetwing", "@citycabs"],
    brands: ["Skyline", "Metro Rail", "Ridego", "Coast Bus", "Jetwing"],
    slots: {
      item: ["flight", "train", "bus", "ride", "bag", "driver", "connection", "booking", "seat", "luggage"],
      defect: ["got delayed again", "was cancelled last minute", "never showed up", "left without us", "is 40 minutes late again", "got overbooked", "was lost somewhere", "got damaged", "was rebooked without asking", "has been sitting on the tarmac for two hours"],
      thing: ["refund", "voucher", "bag", "rebooking", "compensation", "reply"],
      place: ["the gate", "the station", "the airport", "the ticket desk"],
      good: ["the crew were lovely", "we landed early", "the new trains are so clean", "the driver was super nice"],
      product: ["new route", "summer timetable", "lounge", "app"],
    },
  },
];

const GLOBAL: Slots = {
  dur: ["two days", "a week", "three weeks", "a month", "an hour", "45 minutes", "10 days", "two months", "six weeks", "3 hours", "all day", "5 days", "2 weeks"],
  nth: ["third", "fourth", "fifth", "second", "tenth"],
  money: ["$40", "$12.99", "$200", "£30", "twice", "a late fee", "$85", "an extra $15"],
  staff: ["manager", "cashier", "agent", "driver", "rep", "guy at the counter", "lady on the phone", "employee", "technician", "waiter"],
  demand: ["Fix this.", "I want a refund.", "Please sort this out.", "Someone help.", "I want my money back.", "Call me back.", "DM me.", "Make it right.", "I need an answer today.", "Refund me now.", "What are you going to do about it?", "Do better.", "Escalating this.", "I want to speak to a manager."],
  tail: ["", "", "", "", " ridiculous", " unacceptable", " so frustrating", " smh", " ugh", " 😡", " 🙄", " #fail", " not happy", " what a joke", " seriously?", " come on", " pathetic", " wow", " 😤", " this is getting old", " never again", " 😠", " so annoyed", " terrible", " just great.", " #customerservice", " sigh", " 😒", " lol", " fml"],
  place2: ["london", "chicago", "the uk", "canada", "texas", "my town", "australia", "ireland"],
  time: ["this morning", "yesterday", "today", "last night", "on friday", "this week", "again", "tonight"],
  person: ["my mom", "my friend", "my brother", "my wife", "my husband", "my sister", "my roommate", "my kid", "my dad"],
  celeb: ["that singer", "the coach", "the actor", "our captain", "the mayor"],
  team: ["my team", "the lakers", "united", "the giants", "my fantasy team", "the home team"],
  weather: ["rain", "snow", "heat", "wind", "cold", "humidity"],
  hobby: ["the gym", "yoga", "practice", "work", "class", "church", "the beach", "the park", "brunch", "my exam"],
  feel: ["tired", "so bored", "sleepy", "hungry", "excited", "nervous", "happy", "sick", "stressed", "blessed"],
  url: [" https://t.co/a8K2x", " https://t.co/Zp4Qr1", " http://bit.ly/2xY9", " https://t.co/kk91Lm"],
  emoji: ["😂", "😍", "🙌", "❤️", "😭", "🔥", "👏", "😊", "🙏", "💯", "😅", "🤣"],
};

// Complaint templates. {h} = a company handle (or name), {B} = brand name, slots resolve
// in the domain first, then in GLOBAL.
const COMPLAINT: Array<[string, string]> = [
  ["defect", "{h} my {item} {defect}{tail}"],
  ["defect", "{h} my {item} {defect}. {demand}"],
  ["defect", "bought a {item} from {B} and it {defect}{tail}"],
  ["defect", "so my new {item} {defect}. thanks {B}{tail}"],
  ["defect", "{h} the {item} I got {time} {defect}{tail}"],
  ["defect", "{h} {dur} in and my {item} {defect}{tail}"],
  ["defect", "my {item} {defect} and {B} won't do anything about it{tail}"],
  ["defect", "{B} {item} {defect}. never buying from them again"],
  ["defect", "{h} paid full price and the {item} {defect}{tail}"],
  ["defect", "{h} hi, my {item} {defect}, can you help?"],
  ["defect", "{h} hey my {item} {defect} and nobody is helping"],
  ["wait", "{h} still waiting on my {thing} after {dur}{tail}"],
  ["wait", "{h} it's been {dur} and still no {thing}{tail}"],
  ["wait", "{h} been on hold for {dur}{tail}"],
  ["wait", "{h} {dur} waiting for a {thing} and nothing. {demand}"],
  ["wait", "{h} I was promised a {thing} {dur} ago and still nothing{tail}"],
  ["wait", "{h} where is my {thing}? it's been {dur}"],
  ["wait", "{h} when am I getting my {thing}? waited {dur} already{tail}"],
  ["wait", "{h} how long does it take to get a {thing}? {dur} now{tail}"],
  ["wait", "day {num} of waiting for {B} to send my {thing}{tail}"],
  ["wait", "{h} nobody has replied to my emails for {dur}{tail}"],
  ["wait", "{h} I have called {num} times about my {thing} and no one calls back{tail}"],
  ["staff", "{h} your {staff} at {place} was so rude to me {time}{tail}"],
  ["staff", "{h} the {staff} hung up on me{tail}"],
  ["staff", "{h} your {staff} laughed at me when I asked for help{tail}"],
  ["staff", "the {staff} at {B} just yelled at {person} for asking a question{tail}"],
  ["staff", "{h} I've never been treated so badly by a {staff}{tail}"],
  ["staff", "{h} your {staff} told me one thing and the website says another{tail}"],
  ["staff", "{h} worst customer service I've ever dealt with{tail}"],
  ["staff", "worst customer service ever {h}{tail}"],
  ["staff", "{h} your support is useless, {num} chats and no answer{tail}"],
  ["price", "{h} you charged me {money} for something I never ordered{tail}"],
  ["price", "{h} why was I charged {money}?? {demand}"],
  ["price", "{h} my bill went up again for no reason{tail}"],
  ["price", "{h} I cancelled and you still took {money} from my account{tail}"],
  ["price", "{B} raised prices again and the {item} is worse than ever{tail}"],
  ["price", "{h} hidden fees everywhere. total rip off{tail}"],
  ["price", "{h} double charged on my order and no refund yet{tail}"],
  ["price", "{h} {money} for a {item} that {defect}? ridiculous"],
  ["integrity", "{h} you advertised free shipping and then charged me for it{tail}"],
  ["integrity", "{h} you promised a {thing} and never delivered{tail}"],
  ["integrity", "{h} stop lying to customers about the {thing}{tail}"],
  ["integrity", "{B} is a scam, took my money and sent nothing{tail}"],
  ["integrity", "{h} the sale price was fake, it was cheaper last week{tail}"],
  ["repeat", "{h} this is the {nth} time my {item} {defect}{tail}"],
  ["repeat", "{h} {nth} time this month. {demand}"],
  ["repeat", "{h} same problem every single time I order{tail}"],
  ["repeat", "{h} again?? my {item} {defect}{tail}"],
  ["sarcasm", "thanks {h} for ruining my {time}{tail}"],
  ["sarcasm", "thanks {h}, my {item} {defect}. great job"],
  ["sarcasm", "love how {h} just ignores my messages"],
  ["sarcasm", "nothing like a {item} that {defect} to start the day. thanks {B}"],
  ["sarcasm", "great job {h}, {num} hours on hold and then disconnected"],
  ["sarcasm", "{h} thanks for nothing"],
  ["sarcasm", "wow {h} really outdid yourselves, my {item} {defect}"],
  ["sarcasm", "{h} so glad I paid extra for this {item} that {defect} 🙃"],
  ["question", "{h} why does my {item} keep doing this? it {defect}"],
  ["question", "{h} why is it so hard to get a {thing}?"],
  ["question", "{h} is anyone going to answer me? waiting {dur}"],
  ["question", "{h} how is this acceptable? my {item} {defect}"],
  ["question", "{h} what's going on with my {thing}? {dur} and nothing"],
  ["question", "{h} is your {item} down again?"],
  ["question", "{h} can someone explain why my {item} {defect}?"],
  ["question", "{h} why would you cancel my order without telling me?"],
  ["demand", "{h} {demand} my {item} {defect}"],
  ["demand", "{h} please fix your {item}, it {defect}"],
  ["demand", "{h} I need a {thing} asap, my {item} {defect}"],
  ["demand", "{h} give me my money back{tail}"],
  ["churn", "cancelling my {B} account, {item} {defect} one too many times"],
  ["churn", "{h} switching to a competitor, your {item} {defect}{tail}"],
  ["churn", "{h} done with you. my {item} {defect} and you don't care"],
  ["grumble", "ugh my {item} {defect} again"],
  ["grumble", "of course my {item} {defect} right before the trip{tail}"],
  ["grumble", "why does {B} always mess up my {thing}"],
  ["grumble", "can't believe {B} lost my {thing} again{tail}"],
  ["grumble", "{B} customer service is a nightmare{tail}"],
  ["grumble", "{B} has the worst app ever, {item} {defect}"],
  ["grumble", "{B} never gets my order right{tail}"],
  ["grumble", "me: orders a {item}. {B}: {defect}"],
  ["grumble", "hour {num} on hold with {B}. send help{tail}"],
  ["grumble", "{B} really said no refund after my {item} {defect}"],
  ["grumble", "just spent {dur} on the phone with {B} and nothing got fixed{tail}"],
  ["grumble", "not impressed with {B} at all. my {item} {defect}"],
  ["grumble", "the {item} from {B} {defect}. never again"],
  ["grumble", "paying for {B} and getting this. my {item} {defect}{tail}"],
];

// Domain-independent complaints written as whole sentences (slots still allowed).
const COMPLAINT_FREE: string[] = [
  "{h} my internet has been down since this morning and I work from home{tail}",
  "{h} the app logged me out and now my password doesn't work{tail}",
  "{h} I was told someone would call me back {time}. nobody called{tail}",
  "{h} package says delivered. it was not delivered{tail}",
  "{h} I've been trying to cancel for {dur}{tail}",
  "{h} the tracking hasn't updated in {dur}{tail}",
  "{h} you sent me the wrong item AGAIN{tail}",
  "{h} your website won't let me check out{tail}",
  "{h} my refund still hasn't shown up{tail}",
  "{h} the store was closed during opening hours and nobody told us{tail}",
  "{h} waited in line for {dur} and then they ran out{tail}",
  "{h} the bathroom at your {place} was disgusting{tail}",
  "{h} your delivery guy threw my package over the fence{tail}",
  "{h} I got someone else's order{tail}",
  "{h} my account was hacked and your support won't help{tail}",
  "{h} can't reach anyone at your support line{tail}",
  "{h} the new update removed the only feature I used{tail}",
  "{h} your chat bot keeps sending me in circles{tail}",
  "{h} I have been a customer for 10 years and this is how you treat me?",
  "{h} cancelled my appointment without telling me{tail}",
  "{h} you lost my reservation{tail}",
  "{h} my card was charged but the order shows as failed{tail}",
  "{h} the item was out of stock after I paid for it{tail}",
  "{h} I'm being charged a fee I was told would be waived{tail}",
  "{h} half the menu is unavailable every time I come in{tail}",
  "{h} the self checkout is broken again and there's one cashier{tail}",
  "{h} how do you lose a whole shipment{tail}",
  "{h} my order was supposed to arrive yesterday{tail}",
  "{h} no signal for {dur} now{tail}",
  "{h} it's not working AGAIN{tail}",
  "{h} your service is getting worse and worse{tail}",
  "{h} I've emailed {num} times and nobody replies{tail}",
  "{h} nobody at the store knew what they were doing{tail}",
  "{h} why is there no one at the help desk{tail}",
  "{h} this is unacceptable. I want an explanation",
  "{h} I expected better from you honestly{tail}",
  "{h} the quality has gone way downhill{tail}",
  "{h} I want to speak to someone who can actually help",
  "{h} stop sending me spam emails after I unsubscribed{tail}",
  "{h} the product doesn't match the description at all{tail}",
  "{h} my warranty claim got rejected for no reason{tail}",
  "{h} stuck at the airport because of you{tail}",
  "{h} my bag didn't make it and nobody knows where it is{tail}",
  "{h} driver cancelled on me {nth} time in a row{tail}",
  "{h} the train was so packed I couldn't get on{tail}",
  "{h} you overbooked my flight and now I miss my meeting{tail}",
  "{h} your app charged me surge pricing for a 5 minute ride{tail}",
  "ordered food {dur} ago and it still isn't here{tail}",
  "my phone bill is higher than my rent at this point{tail}",
  "still no power and the company won't give us an eta{tail}",
  "this app crashes every time I open it{tail}",
  "my laptop died a week after the warranty ran out. of course{tail}",
  "2 hours on hold just to be told to call back tomorrow{tail}",
  "paid for next day delivery, it's been {dur}{tail}",
  "the cable guy was supposed to come between 8 and 12. it's 4pm{tail}",
  "they charged me for a bag I didn't check{tail}",
  "my order came with a cracked screen{tail}",
  "the coffee machine at this place has been broken for a month{tail}",
  "why is customer service so bad everywhere now{tail}",
  "I hate when companies make it impossible to cancel{tail}",
  "new phone update made my battery life terrible{tail}",
  "the wifi on this train has not worked once{tail}",
  "I've been trying to get my money back for {dur}{tail}",
  "bank froze my card while I'm abroad and won't pick up{tail}",
  "my flight is delayed for the third time today{tail}",
  "can't believe they charged me a cancellation fee after they cancelled{tail}",
  "another day, another broken promise from my internet provider{tail}",
  "{h} the new {product} looks so cheap and ugly{tail}",
  "the new {B} logo is really ugly and boring{tail}",
  "{B} redesigned the {item} and made it worse{tail}",
  "{h} your new update is awful, bring back the old version{tail}",
  "{h} 3 weeks for a reply to a simple question. really?",
  "{h} so I'm just supposed to wait forever?",
  "{h} I literally paid for this and it doesn't even work",
  "{h} the customer service line just hangs up on you{tail}",
  "{h} you keep saying it's fixed. it is not fixed",
  "{h} the item I received is clearly used{tail}",
  "{h} the box was empty. EMPTY{tail}",
  "{h} the portions keep getting smaller and the prices keep going up{tail}",
  "{h} nobody at {place} could tell me anything{tail}",
  "{h} and now the tracking number doesn't exist{tail}",
  "{h} your agent promised a callback within 24 hours. that was {dur} ago",
  "{h} I can't even reach a human{tail}",
  "{h} the replacement is broken too{tail}",
  "{h} the instructions are wrong and parts are missing{tail}",
  "{h} they said it would take 5 business days. it's been {dur}{tail}",
  "{h} thanks for the automated reply. still no actual help",
  "{h} your chat closed on me mid conversation, twice{tail}",
  "{h} my account shows a balance I don't owe{tail}",
  "{h} I got charged a late fee because your site was down{tail}",
  "{h} don't tell me to restart it, I've done that {num} times",
  "{h} how many times do I need to explain the same problem",
  "{h} gave me a refund of $5 for a $60 order. are you kidding",
  "{h} this is false advertising{tail}",
  "{h} the app says available but the store says sold out{tail}",
  "{h} I was on the phone for {dur} and got transferred {num} times{tail}",
  "so disappointed in {B} right now, my {item} {defect}",
  "remind me never to order from {B} again{tail}",
  "{B} really needs to get it together{tail}",
  "of course {B} is down the one day I actually need it{tail}",
  "you'd think a company this big could deliver a {item} on time{tail}",
  "apparently {B} thinks it's fine to sell a {item} that {defect}{tail}",
  "PSA: don't buy the {item} from {B}, mine {defect}",
  "my {item} from {B} {defect}, and support says it's my fault{tail}",
  "the audacity of {B} to charge {money} for this{tail}",
  "{B} support: have you tried turning it off and on again. me: for the {nth} time yes",
];

// Non-complaint templates.
const NONCOMPLAINT: Array<[string, string]> = [
  ["question", "{h} do you ship to {place2}?"],
  ["question", "{h} what time does {place} close today?"],
  ["question", "{h} is the {item} available in black?"],
  ["question", "{h} how do I change the email on my account?"],
  ["question", "{h} when is the {product} coming out?"],
  ["question", "{h} can I use a gift card online?"],
  ["question", "{h} do you have any deals on {item}s this week?"],
  ["question", "{h} is there a student discount?"],
  ["question", "{h} hi! does the {item} come with a warranty?"],
  ["question", "{h} are you hiring at {place}?"],
  ["question", "{h} which {item} would you recommend for a beginner?"],
  ["question", "{h} will the {product} be in stores or online only?"],
  ["question", "{h} how do I add someone to my plan?"],
  ["question", "{h} can I change my delivery address before it ships?"],
  ["question", "{h} any plans to bring the {product} to {place2}?"],
  ["question", "anyone tried the {product} from {B}? worth it?"],
  ["question", "should I get the {item} from {B} or wait for the sale?"],
  ["question", "does anyone know if {B} is open on sunday?"],
  ["praise", "{h} just got my {item} and I love it!"],
  ["praise", "shoutout to {h}, {good}"],
  ["praise", "{h} your team at {place} were amazing {time}"],
  ["praise", "{h} {good} {emoji}"],
  ["praise", "thank you {h} for the quick {thing}!"],
  ["praise", "{h} you guys are the best, {good}"],
  ["praise", "obsessed with my new {item} from {B} {emoji}"],
  ["praise", "{B} never disappoints {emoji}"],
  ["praise", "big thanks to the {staff} at {B} who helped me {time}"],
  ["praise", "{h} the {product} is a game changer"],
  ["praise", "10/10 would recommend {B}, {good}"],
  ["praise", "{h} had an issue but your team fixed it in minutes, thank you!"],
  ["praise", "{h} thanks for sorting out my {thing} so fast, really appreciate it"],
  ["praise", "{h} loving the {product} so far"],
  ["reply", "{h} thanks, got it!"],
  ["reply", "{h} ok thank you!"],
  ["reply", "{h} great, that worked, thanks"],
  ["reply", "{h} all sorted now, thank you for the help"],
  ["reply", "{h} sent you a dm"],
  ["reply", "{h} just followed, thanks"],
  ["reply", "{h} no worries, thanks for getting back to me"],
  ["reply", "{h} perfect, thank you"],
  ["reply", "{h} will do, thanks!"],
  ["reply", "{h} yes please"],
  ["promo", "get 20% off all {item}s this weekend at {B}!{url}"],
  ["promo", "{B} just announced the {product}{url}"],
  ["promo", "new in: the {product}. shop now{url}"],
  ["promo", "win a free {item}! follow {h} and retweet to enter #giveaway"],
  ["promo", "{B} opens a new store in {place2} next month{url}"],
  ["promo", "our {product} is back for a limited time {emoji}{url}"],
  ["promo", "flash sale! free shipping on everything today only{url}"],
  ["news", "{B} reports record sales this quarter{url}"],
  ["news", "{B} to hire 500 workers in {place2}{url}"],
  ["news", "{B} shares up 4% after earnings{url}"],
  ["news", "review: the {product} from {B} is solid but pricey{url}"],
  ["news", "{B} partners with a local charity for the holidays{url}"],
  ["mention", "grabbing lunch at {B} with {person}"],
  ["mention", "just bought a {item} from {B}, can't wait to try it"],
  ["mention", "heading to {B} before {hobby}"],
  ["mention", "{B} run at midnight, don't judge me"],
  ["mention", "my {item} came today {emoji}"],
  ["mention", "picked up the {product} today, first impressions soon"],
  ["mention", "working from {B} today, their wifi is great"],
  ["suggest", "{h} you should bring back the old {item}!"],
  ["suggest", "{h} please make the {item} in more colours"],
  ["suggest", "{h} any chance of a dark mode?"],
  ["suggest", "{h} would love to see a {product} in {place2}"],
  ["question", "{h} what's the return policy on sale items?"],
  ["question", "{h} how long does shipping usually take to {place2}?"],
  ["question", "{h} is the {product} worth upgrading to?"],
  ["question", "{h} do you price match?"],
  ["question", "{h} where can I find my order number?"],
  ["question", "{h} is there a way to pause my subscription for a month?"],
  ["question", "{h} what's the difference between the two {item}s?"],
  ["praise", "{h} my {item} arrived a day early, thank you!"],
  ["praise", "{h} the {staff} at {place} went above and beyond for me {time}"],
  ["praise", "{h} customer for 10 years and still love you"],
  ["praise", "had a problem with my {thing} but {B} fixed it right away. great service"],
  ["praise", "{h} I was worried but the {item} is perfect"],
  ["praise", "I didn't expect much but the {item} from {B} is great"],
  ["reply", "{h} done, thanks for the quick reply"],
  ["reply", "{h} just sent my order number in a dm"],
  ["reply", "{h} it's working now, thanks!"],
  ["reply", "{h} thank you, I'll try that"],
  ["reply", "{h} haha fair enough"],
  ["reply", "{h} appreciate it!"],
  ["mention", "{B} ad during the game was hilarious"],
  ["mention", "me and {person} arguing over which {item} to get from {B}"],
  ["mention", "{B} just dropped a new {product} and I need it"],
  ["mention", "is it weird that I like the smell of a new {item}"],
  ["mention", "saving up for the {product}"],
  ["mention", "my {person} works at {B} and says they're hiring"],
  ["news", "{B} ceo steps down{url}"],
  ["news", "{B} to close 20 stores next year{url}"],
  ["news", "{B} recalls some {item}s over safety concerns{url}"],
  ["news", "analysts expect {B} to raise prices next year{url}"],
  ["promo", "{h} giveaway time! tag a friend to win {emoji}"],
  ["promo", "tonight only: buy one get one free at {B}{url}"],
];

// Random tweets and replies that are not complaints (many of them negative).
const RANDOM: string[] = [
  "good morning everyone {emoji}", "can't wait for the weekend", "finally friday!!", "heading to {hobby}",
  "so {feel} today", "just finished my coffee, time to work", "watching the game tonight with {person}",
  "new blog post up{url}", "happy birthday {at}! have an amazing day {emoji}", "{at} congrats!! so proud of you",
  "{at} haha yes exactly", "{at} lol same", "{at} omg I love this", "{at} that's so true", "{at} miss you too!",
  "{at} see you there!", "{at} thank you so much!!", "{at} hahaha I'm dying {emoji}", "{at} you're the best",
  "{at} totally agree", "{at} good luck tomorrow!", "{at} I know right", "{at} welcome to the team!",
  "{at} same here, can't wait", "{at} wait really? that's wild", "{at} sending love {emoji}",
  "I hate mondays", "{team} lost again, I can't watch this anymore", "this {weather} is awful",
  "I miss my dog so much", "feeling sick today, staying in bed", "exams are killing me",
  "rip {celeb}, what a loss", "so sad about the news today", "worst headache ever",
  "traffic this morning was a nightmare", "why am I awake at 4am", "I can't believe summer is over",
  "ugh I have so much homework", "my cat knocked my coffee over {emoji}", "nobody texts me back lol",
  "why is it always me", "I'm so done with this week", "can't sleep again", "the ending of that show ruined my life",
  "hate when people chew loudly", "this song makes me cry every time", "my fantasy team is a disaster",
  "{team} played terribly tonight", "politicians never listen, so tired of it", "another rainy day. great.",
  "I need a vacation so bad", "when you forget your lunch at home {emoji}", "I'm never drinking again",
  "my sister keeps stealing my clothes", "lost my keys again", "I burnt the toast, off to a great start",
  "that referee was blind tonight", "the book was better than the movie", "so proud of {person} today",
  "just ran 5 miles!", "made pancakes this morning {emoji}", "the sunset tonight {emoji}", "new haircut who dis",
  "listening to this album on repeat", "can't stop laughing at this{url}", "this meme is too real{url}",
  "3 more days until vacation!", "{person} just made the best dinner", "if you need me I'll be napping",
  "happy thanksgiving everyone!", "merry christmas to all {emoji}", "who's watching the finale tonight?",
  "what's everyone doing this weekend?", "anyone know a good pizza place near downtown?", "any book recommendations?",
  "is it too early for christmas music?", "why do I do this to myself", "life update: I got the job!!",
  "first day at the new job tomorrow, wish me luck", "graduation day {emoji}", "we're moving to {place2}!",
  "thinking about getting a puppy", "how is it already november", "this is the best day ever",
  "my team won!!! {emoji}", "go {team}!", "what a game!!", "vote today!", "read this thread{url}",
  "interesting article on climate change{url}", "new episode out now{url}", "photo of the day{url}",
  "I love this city", "date night with {person}", "coffee first, then the world", "monday motivation: keep going",
  "nothing beats homemade soup", "I think I'm addicted to this show", "does anyone else talk to their plants",
  "me trying to adult: {emoji}", "not me eating cereal for dinner again", "the struggle is real lol",
  "today was long but good", "can't believe it's been 10 years since we graduated", "road trip!!",
  "the new season is so good", "finally saw that movie, loved it", "shoutout to my mom for everything",
  "my boss scheduled a meeting at 5pm on a friday. why", "nothing is going right today", "I'm so tired of being tired",
  "some people are just rude for no reason", "that was the worst movie I've seen all year", "why is adulting so expensive",
  "can't believe we lost to them again", "my allergies are killing me", "stuck in traffic for an hour, love that for me",
  "I failed my driving test again", "why do I always pick the slowest line", "mondays should be illegal",
  "the wifi at my parents house is a joke lol", "my neighbor's dog barks all night", "spilled coffee on my white shirt, great start",
  "missed the bus by 10 seconds", "hate it when people don't text back", "my phone fell in the toilet, I'm an idiot",
  "I can't find anything good to watch", "worst game of the season", "this heat is unbearable",
  "{at} no way, that's terrible! hope you're ok", "{at} that's awful, sorry to hear", "{at} ugh same, it's the worst",
  "{at} I'm so sorry for your loss", "{at} hahaha what did you expect", "{at} stop it you're making me hungry",
  "{at} where did you get that?", "{at} lmao I can't", "{at} true but he's still my favourite", "{at} what time are we meeting?",
  "{at} yes!! count me in", "{at} you need to watch it asap", "{at} can you send me the link?", "{at} noooo why",
  "{at} that's hilarious", "{at} agreed, the ref was awful", "{at} get well soon!", "{at} see you monday",
  "I'm convinced my cat hates me", "why is it so cold in my apartment", "hot take: pineapple belongs on pizza",
  "can't wait to see {person} this weekend", "the new album drops at midnight!!", "it's been a long week",
  "tomorrow is my birthday {emoji}", "pray for everyone affected by the storm", "the concert last night was unreal",
  "so many emails, so little time", "when the group project is due tomorrow and nobody did anything",
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const AT = ["@jess_k", "@mikeyb", "@sarahlou", "@tombo22", "@kaylaaa", "@dj_ray", "@lilyrose", "@mattyp", "@chris_h88", "@emily",
  "@jamal_w", "@the_real_dan", "@katiee17", "@ben", "@sophie_m", "@mrs_jones", "@alexr_1", "@nina_b", "@ryan2001", "@grace_o",
  "@jessica", "@mikejones", "@sarahmiller", "@tommy", "@danielle", "@marcus", "@hannahb", "@olivertwist", "@rachelgreen", "@jordan", "@kevin", "@amanda"];

// Company care accounts: the brand handle with a help/support suffix or an "ask" prefix.
function careHandle(h: string, r: () => number): string {
  const base = h.slice(1);
  const x = r();
  return x < 0.25 ? `@${base}support` : x < 0.45 ? `@ask${base}` : x < 0.6 ? `@${base}help` : x < 0.7 ? `@${base}cares` : h;
}

// Composed personal posts: openers x happenings x endings, for the variety of random tweets.
const OPEN = ["", "", "honestly ", "lol ", "ok so ", "not gonna lie ", "me: ", "update: ", "can confirm ", "ngl ", "bruh ", "so "];
const HAPPEN = ["my little brother just beat me at chess", "I ate an entire pizza by myself", "my plants are finally growing",
  "I just saw a dog wearing boots", "we're getting snow this weekend", "I forgot it was a holiday", "the power went out during the storm and we played board games",
  "my roommate left the door open again", "I have 3 exams next week", "I slept through my alarm", "my mom learned how to use emojis",
  "the coffee shop played my favourite song", "my flight home is tomorrow", "I start my new job on monday", "my car is finally paid off",
  "the kids are finally asleep", "I can't decide what to eat", "it's been raining for 5 days straight", "someone stole my parking spot",
  "my team is in the finals", "I cut my own hair and regret it", "I'm learning to play guitar", "I got a parking ticket",
  "my laptop is older than my cousin", "I'm at the dentist", "the neighbours are having a party", "I finished the whole series in one day"];
// Genres of a random sample of tweets that are rarely complaints: retweets, check-ins,
// auto-posts, lyrics and quotes, headlines, follow requests, hashtag games.
const GENRE: string[] = [
  "RT {at}: {happen}", "RT {at}: this is the best thing I've seen all day{url}", "RT {at}: never give up on your dreams",
  "I'm at {B} in {place2}{url}", "just posted a photo{url}", "just posted a video @ {place2}{url}", "#nowplaying a classic{url}",
  "I liked a video{url}", "I added a video to a playlist{url}", "my week on twitter: 3 new followers{url}",
  "\"be the change you wish to see in the world\"", "you miss 100% of the shots you don't take", "good vibes only {emoji}",
  "and I will always love you {emoji}", "cause baby you're a firework", "we will, we will rock you",
  "breaking: storm expected to hit the coast tonight{url}", "stocks fall as markets react to rate news{url}",
  "police close main road after accident{url}", "scientists discover new species in the rainforest{url}", "weather update: rain all weekend{url}",
  "follow me please {at} {emoji}", "{at} follow back?", "thanks for the follow {at}!", "happy #followfriday to {at} {at}",
  "#throwbackthursday to this summer{url}", "#mondaymotivation you got this", "#tbt {emoji}", "what's your favourite pizza topping? #poll",
  "retweet if you're a 90s kid", "if you could have any superpower what would it be", "tag someone who needs to see this{url}",
  "new video out now! link in bio", "check out my new track{url}", "live now on my channel{url}", "giveaway! rt and follow to win{url}",
];
const END = ["", "", "", " lol", " 😂", " 😭", " haha", " smh", " ugh", " !!", " #blessed", " #mood", " 🙃", " send help", " wish me luck", " life is good"];

// Real company names from the engine's brand list, so that the model learns what a post
// aimed at a known company looks like (the engine recognises these as brands).
const REAL: Record<string, string[]> = Object.fromEntries(Object.entries(BRANDS_BY_INDUSTRY).map(([k, v]) => [k, v.split(" ")]));
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Tweet-style noise: how the same sentence tends to be written on social media. */
function noise(text: string, r: () => number): string {
  let t = text;
  if (r() < 0.25) t = t.toLowerCase();
  if (r() < 0.15) t = t.replace(/'/g, "");
  if (r() < 0.12) t = t.replace(/\byou\b/g, "u").replace(/\byour\b/g, "ur").replace(/\bplease\b/g, "pls");
  if (r() < 0.08) t = t.replace(/\bthanks\b/g, "thx");
  if (r() < 0.1) t = t.replace(/[.!?]?$/, "!!");
  if (r() < 0.05) t = t.toUpperCase();
  if (r() < 0.08) t = t.replace(/\bso\b/, "sooo");
  return t.replace(/\s+/g, " ").trim();
}

function fill(tpl: string, d: Domain, r: () => number, handle: boolean): string {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  return tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
    const real = REAL[d.name];
    if (k === "h") {
      if (real && r() < 0.7) {
        const b = pick(real);
        return handle || r() < 0.5 || !BRAND_WORDS.has(b) ? careHandle("@" + (r() < 0.5 ? cap(b) : b), r) : cap(b);
      }
      return handle || r() < 0.5 ? careHandle(pick(d.handles), r) : pick(d.brands);
    }
    if (k === "B") {
      if (real && r() < 0.7) {
        const b = pick(real);
        return r() < 0.3 || !BRAND_WORDS.has(b) ? "@" + b : r() < 0.5 ? cap(b) : b;
      }
      return r() < 0.3 ? pick(d.handles) : pick(d.brands);
    }
    if (k === "num") return String(2 + Math.floor(r() * 9));
    if (k === "at") return pick(AT);
    const v = d.slots[k] ?? GLOBAL[k];
    if (!v) throw new Error(`complaint corpus: unknown slot {${k}} in "${tpl}"`);
    return pick(v);
  });
}

// Multi-clause complaints as people write them: what they did, what went wrong, what
// happened next, how they feel or what they want. Slots resolve per domain.
const C_CONTEXT = ["I ordered a {item} on monday", "bought a {item} last month", "I called {time}", "been a customer for years",
  "we booked this {dur} ago", "paid for express shipping", "I went to {place} {time}", "I reported this {dur} ago", "my {item} came back from repair",
  "so I finally got through to someone", "I was told it would be fixed by friday", "got an email saying it shipped", "I followed every step in the app",
  "I've had this {item} for {dur}", "upgraded my plan last week", "ordered for {person}'s birthday", "I renewed my subscription", "just picked up my {item}"];
const C_FAIL = ["it {defect}", "my {item} {defect}", "nothing has happened", "nobody ever called back", "the {staff} said there was nothing they could do",
  "it still isn't fixed", "they sent the wrong one", "I was charged {money}", "the tracking hasn't moved in {dur}", "they cancelled it without telling me",
  "the {thing} never came", "I got passed around {num} different people", "the {staff} was rude and hung up", "it broke again", "they lost my {thing}",
  "the app says there's no record of it", "I'm still waiting on my {thing}", "the problem is back", "they closed my ticket without fixing anything",
  "half of it was missing", "I've been waiting {dur}", "they want me to pay for the repair", "no one knows where my {thing} is"];
const C_END = ["", "", "ridiculous", "unacceptable", "so frustrated right now", "this is the worst service", "never again", "what a joke",
  "I just want my money back", "can someone please help", "fix it", "I want a refund", "really disappointed", "why is this so hard",
  "this is the {nth} time", "I'm done", "absolutely useless", "do better", "not happy at all", "what am I paying for"];
const C_JOIN = [". ", ", ", " and ", " but ", " and now ", "... ", ". then "];

// Brand-directed posts that are not complaints, composed the same way.
const N_OPEN = ["hi", "hey", "hello", "quick question", "just wondering", "good morning", "", "", ""];
const N_BODY = ["do you have the {item} in stock", "what time do you open on sundays", "is the {product} out yet", "can I pick up my order in store",
  "how do I update my payment details", "do you ship to {place2}", "is there a discount for students", "can I change my seat online",
  "the {staff} at {place} was so helpful", "love the new {product}", "my {item} arrived early", "your team fixed my issue in minutes",
  "thanks for the quick reply", "great service {time}", "just signed up", "happy with my new {item}", "can't wait for the {product}",
  "is the sale on online too", "where can I find the user manual", "does the {item} come in other colours", "how long is the warranty",
  "do you have gift cards", "are you open on the holiday", "will there be a new {product} this year", "any tips for setting up my {item}"];
const N_END = ["", "", "thanks!", "thank you", "cheers", "😊", "🙌", "appreciate it", "x", "!"];

/**
 * Generates the corpus: `perTemplate` fillings of every template in every domain where
 * it makes sense, plus the random-tweet pool. Duplicates are removed.
 */
export function generateComplaintCorpus(seed = 7, perTemplate = 4): CorpusRow[] {
  const r = rng(seed);
  const out: CorpusRow[] = [];
  const seen = new Set<string>();
  const push = (text: string, label: 0 | 1, kind: string, domain: string) => {
    const t = noise(text, r);
    if (seen.has(t)) return;
    seen.add(t);
    out.push({ text: t, label, kind, domain });
  };
  for (const d of DOMAINS) {
    for (const [kind, tpl] of COMPLAINT) for (let i = 0; i < perTemplate; i++) push(fill(tpl, d, r, r() < 0.7), 1, kind, d.name);
    for (const tpl of COMPLAINT_FREE) for (let i = 0; i < Math.ceil(perTemplate / 2); i++) push(fill(tpl, d, r, true), 1, "free", d.name);
    for (const [kind, tpl] of NONCOMPLAINT) for (let i = 0; i < perTemplate + 1; i++) push(fill(tpl, d, r, r() < 0.7), 0, kind, d.name);
  }
  const neutralDomain: Domain = { name: "random", handles: AT, brands: ["my friend"], slots: {} };
  for (const tpl of RANDOM) for (let i = 0; i < perTemplate * 2; i++) push(fill(tpl, neutralDomain, r, true), 0, "random", "random");
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  // Composed multi-clause posts, per domain, both classes.
  for (const d of DOMAINS) {
    for (let i = 0; i < perTemplate * 60; i++) {
      const end = pick(C_END);
      const tpl = `${r() < 0.8 ? "{h} " : ""}${cap(pick(C_CONTEXT))}${pick(C_JOIN)}${pick(C_FAIL)}${end ? pick([". ", ", ", " "]) + end : ""}`;
      push(fill(tpl, d, r, true), 1, "composed", d.name);
      const open = pick(N_OPEN);
      const ntpl = `{h} ${open ? open + pick([", ", " ", "! "]) : ""}${pick(N_BODY)}${pick(["?", "!", ".", ""])} ${pick(N_END)}`;
      push(fill(ntpl, d, r, true), 0, "composed", d.name);
    }
  }
  // Hand-written posts: the most varied wording the corpus has, so each also appears in
  // two tweet-noise variants (duplicates are dropped by push()).
  for (const line of fs.readFileSync(HANDWRITTEN, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const tab = line.indexOf("\t");
    const y = line.slice(0, tab) === "1" ? 1 : 0;
    const text = line.slice(tab + 1);
    out.push({ text, label: y, kind: "handwritten", domain: "mixed" });
    seen.add(text);
    for (let i = 0; i < 2; i++) push(text, y, "handwritten", "mixed");
  }
  const genreDomain: Domain = { name: "random", handles: AT, brands: ["Starbucks", "the airport", "Central Park", "the mall", "Madison Square Garden"], slots: { happen: HAPPEN } };
  for (const tpl of GENRE) for (let i = 0; i < perTemplate * 2; i++) push(fill(tpl, genreDomain, r, true), 0, "random-genre", "random");
  for (let i = 0; i < perTemplate * 300; i++) {
    const post = pick(OPEN) + pick(HAPPEN) + pick(END);
    // About half of random posts are replies to another person.
    const x = r();
    push(x < 0.35 ? `${pick(AT)} ${post}` : x < 0.5 ? `${pick(AT)} ${pick(AT)} ${post}` : x < 0.55 ? `${pick(AT)} ${pick(AT)} ${pick(AT)} ${post}` : post, 0, "random-composed", "random");
  }
  return out;
}
