// Words that carry no meaning for matching a question to a service. Curated:
// stopwords-iso's Bulgarian list holds content words (година, време, ден, нов)
// that change the meaning of a question, so it is not used as is (bg-search.md §2).
// Question and filler words are here too, since citizens wrap every question in them.

export const BULGARIAN_STOPWORDS = `
а аз ако ала би бих бихме бихте бъде бъдат бе беше бил била били било бях бяха без в вас ваш ваша ваше
ваши вашата вашия вашите вече ви вие във все всеки всички всичко всяка всяко въпреки върху г ги го да
дали до докато докога дори досега е ей едва ето за зад заедно заради засега затова защо защото и из
или им има имам имаме имате имат ние й кой каква какво какви какъв как както като кога когато което
които кое кои колко която къде където към ли м ме между мен ми мисля мога може можем можете могат
моля мой моят моя моите моето мое му н на над напр нас не него нея ни нищо но някой някои някакъв
някаква някакво нещо обаче около освен от отново още пак по повече под поне поради после почти пред
преди при пък с са си сега след само се сме сте съм със също т та така те тези ти то това този той
толкова точно тук тя у уж че чрез ще щом я ако ами абе бе еми значи просто всъщност нали май ок
откъде накъде докъде искам искаме иска искате желая желаем трябва трябват трябваше нужно нужни нужен нужна необходимо
необходими необходим необходима моля здравейте здравей здрасти здрасрти добър добро добра ден вечер утро
кажете кажи питам попитам въпрос интересува информация знам знаете знаеш разбера стане става
получа получим получавам получи направя направим направи извадя извадим вадя вади вадят изкарам
сам сама сами мой моя моята моят моите
`;

export const ENGLISH_STOPWORDS = `
a an the and or but if then so of to in on at by for from with without about into onto over under
as is are was were be been being am do does did doing done have has had having i me my mine we us
our you your he him his she her it its they them their this that these those there here what which
who whom whose where when why how can could would should will shall may might must not no yes
please hello hi hey dear want wants wanted need needs needed get gets getting got like would tell
know let some any much many just also very really thanks thank ok okay one
`;

/** Greetings: a message of only these (and thanks words) gets a short reply, not a search. */
export const GREETING_WORDS = `
здравейте здравей здрасти добър ден вечер утро чао довиждане ви hello hi hey good morning afternoon
evening bye goodbye ok okay you
`;

export const THANKS_WORDS = `благодаря благодарим мерси thanks thank`;

export function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}
