// Words that ask about one part of a service (its fee, documents, deadline,
// place) rather than name the service. They steer the answer's focus and, on
// their own, turn a message into a follow-up about the last service discussed.

export const FACETS = ['fee', 'documents', 'deadline', 'where', 'speed', 'when'] as const;
export type Facet = (typeof FACETS)[number];

export const FACET_WORDS: Record<Facet, { bg: string[]; en: string[] }> = {
  fee: {
    bg: ['струва', 'струват', 'цена', 'цената', 'цени', 'такса', 'таксата', 'таксите', 'пари', 'лева', 'лв', 'евро', 'стойност'],
    en: ['cost', 'costs', 'fee', 'fees', 'price', 'much', 'charge', 'euro', 'euros'],
  },
  documents: {
    bg: ['документи', 'документ', 'документите', 'книжа', 'изисква', 'изискват', 'нося', 'донеса', 'представя'],
    en: ['documents', 'document', 'papers', 'paperwork', 'bring', 'requirements', 'required', 'require'],
  },
  deadline: {
    bg: ['срок', 'срокът', 'срока', 'сроковете', 'време', 'дни', 'готово', 'готов', 'готова', 'чакам', 'отнема', 'продължителност'],
    en: ['long', 'deadline', 'time', 'ready', 'days', 'wait', 'take', 'takes'],
  },
  where: {
    bg: ['къде', 'гише', 'офис', 'подава', 'подам', 'подавам'],
    en: ['where', 'office', 'apply', 'submit', 'counter'],
  },
  speed: {
    bg: ['експресно', 'експресна', 'експресната', 'бърза', 'бързо', 'бързата', 'обикновена', 'обикновено', 'спешно'],
    en: ['express', 'fast', 'faster', 'urgent', 'urgently', 'regular', 'quick', 'quickly'],
  },
  // The day a question is about ("ако подам днес…", "до колко часа сте днес?"); "сега" is a stop word already.
  when: {
    bg: ['днес', 'утре', 'момента'],
    en: ['today', 'tomorrow', 'now', 'tonight'],
  },
};
