// Word forms from a Hunspell dictionary: which dictionary word (lemma) a form belongs to, and every
// form of a lemma. Bulgarian inflects heavily (платя, платих, платил, платено; кръщелен, кръщелно,
// кръщелното), and the light stemmer only cuts endings; the dictionary knows the paradigms. Pure:
// the dictionary's text comes in, nothing is read here.

/** One suffix rule of an affix file: remove `strip` from the end of the lemma, then add `add`. */
interface SuffixRule {
  flag: string;
  strip: string;
  add: string;
  /** The lemma must end with this pattern for the rule to apply (`.` = any). */
  condition: RegExp;
}

const fromHunspell = (part: string) => (part === '0' ? '' : part);

export class Morphology {
  private constructor(
    /** Lemma → its flags (each one character), as the dictionary lists them. */
    private readonly lemmas: Map<string, string>,
    /** Flag → its suffix rules. */
    private readonly rulesByFlag: Map<string, SuffixRule[]>,
    /** The text a rule adds → the rules that add it, for finding a form's lemma from its end. */
    private readonly rulesByEnding: Map<string, SuffixRule[]>,
    private readonly longestEnding: number,
  ) {}

  /** Reads a Hunspell `.aff` and `.dic` (suffix rules and flags of one character each: what Bulgarian's use). */
  static parse(aff: string, dic: string): Morphology {
    const rulesByFlag = new Map<string, SuffixRule[]>();
    const rulesByEnding = new Map<string, SuffixRule[]>();
    let longestEnding = 0;
    for (const line of aff.split(/\r?\n/)) {
      const parts = line.trim().split(/\s+/);
      // A rule line has five fields; the header of a rule group ("SFX A Y 8") has four.
      if (parts[0] !== 'SFX' || parts.length < 5) continue;
      const [, flag, strip, addField, condition] = parts;
      const add = fromHunspell(addField.split('/')[0]);
      const rule: SuffixRule = { flag, strip: fromHunspell(strip), add, condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u') };
      rulesByFlag.set(flag, [...(rulesByFlag.get(flag) ?? []), rule]);
      rulesByEnding.set(add, [...(rulesByEnding.get(add) ?? []), rule]);
      longestEnding = Math.max(longestEnding, add.length);
    }
    const lemmas = new Map<string, string>();
    // The first line of a .dic is the number of words.
    for (const line of dic.split(/\r?\n/).slice(1)) {
      const [word, flags = ''] = line.trim().split('/');
      if (!word) continue;
      lemmas.set(word, (lemmas.get(word) ?? '') + flags);
    }
    return new Morphology(lemmas, rulesByFlag, rulesByEnding, longestEnding);
  }

  /** Whether the dictionary lists the word as a lemma. */
  isLemma(word: string): boolean {
    return this.lemmas.has(word);
  }

  /** The lemmas a lower-case word is a form of (itself included when it is listed). */
  lemmasOf(word: string): string[] {
    const found = new Set<string>();
    if (this.lemmas.has(word)) found.add(word);
    for (let cut = 0; cut <= Math.min(this.longestEnding, word.length - 1); cut += 1) {
      const ending = word.slice(word.length - cut);
      for (const rule of this.rulesByEnding.get(ending) ?? []) {
        const lemma = word.slice(0, word.length - cut) + rule.strip;
        if (rule.condition.test(lemma) && this.lemmas.get(lemma)?.includes(rule.flag)) found.add(lemma);
      }
    }
    return [...found];
  }

  /** Every form of a lemma: the lemma itself and what each of its flags' rules make of it. */
  formsOf(lemma: string): string[] {
    const forms = new Set([lemma]);
    for (const flag of this.lemmas.get(lemma) ?? '') {
      for (const rule of this.rulesByFlag.get(flag) ?? []) {
        if (lemma.endsWith(rule.strip) && rule.condition.test(lemma)) forms.add(lemma.slice(0, lemma.length - rule.strip.length) + rule.add);
      }
    }
    return [...forms];
  }
}

/**
 * Lemmas derived from one another, as groups of endings that one stem takes ("ирам", "иране",
 * "ация": декларирам, деклариране, декларация; "еня", "еням", "яна": променя, променям, промяна).
 * Hunspell lists paradigms, not derivation, so a citizen's "да променя адреса" and an entry's
 * "промяна на адреса" would stay two words. Each lemma given is paired with the lemmas its stem
 * makes with the other endings of a group, when the dictionary lists them (so "хам" + "ане" does
 * not make a word of nothing), and a family is keyed by its shortest member.
 */
export function derivationFamilies(morphology: Morphology, lemmas: Iterable<string>, groups: readonly (readonly string[])[], minStem = 3): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (w: string): string => {
    let root = w;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  const rank = (w: string) => [[...w].length, w] as const;
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    const [x, y] = [rank(ra), rank(rb)];
    const head = x[0] < y[0] || (x[0] === y[0] && x[1] <= y[1]) ? ra : rb;
    parent.set(ra, head);
    parent.set(rb, head);
  };
  for (const lemma of lemmas) {
    for (const group of groups) {
      for (const ending of group) {
        const stem = lemma.slice(0, lemma.length - ending.length);
        if (!lemma.endsWith(ending) || [...stem].length < minStem) continue;
        for (const other of group) if (other !== ending && morphology.isLemma(stem + other)) union(lemma, stem + other);
      }
    }
  }
  return new Map([...parent.keys()].map((w) => [w, find(w)]));
}

/**
 * The lemma of each form of the words given, keyed as `key` spells them: the table the text
 * pipeline reads a word through before stemming. Only the paradigms of these words are expanded
 * (a knowledge base's own vocabulary: a few thousand lemmas, not the dictionary's 78,000), so a
 * citizen's "платих" finds the "платя" of an entry, typed in Cyrillic or in Latin letters alike.
 * With `families` (derivationFamilies), every form of a family's lemmas reads as its head.
 * A form shorter than `minLetters` keeps its own key, and so does a form that belongs to two lemmas
 * (of two families) of the dictionary ("било" of "съм" and of "бия"), or whose spelling key two share.
 */
export function lemmaTable(
  morphology: Morphology,
  words: Iterable<string>,
  key: (word: string) => string,
  minLetters = 4,
  groups: readonly (readonly string[])[] = [],
): Map<string, string> {
  const lemmas = new Set<string>();
  for (const word of words) for (const lemma of morphology.lemmasOf(word.toLowerCase())) lemmas.add(lemma);
  const families = derivationFamilies(morphology, lemmas, groups);
  const headOf = (lemma: string) => families.get(lemma) ?? lemma;
  for (const member of families.keys()) lemmas.add(member);
  const candidates = new Map<string, Set<string>>();
  for (const lemma of lemmas) {
    const headKey = key(headOf(lemma));
    for (const form of morphology.formsOf(lemma)) {
      // A form of two lemmas of the dictionary keeps its own key, even when only one of them is in the
      // vocabulary: "света" of "светя" is also "света" of "свят", which no entry may take.
      if ([...form].length < minLetters || new Set(morphology.lemmasOf(form).map(headOf)).size > 1) continue;
      const formKey = key(form);
      if (!candidates.has(formKey)) candidates.set(formKey, new Set());
      candidates.get(formKey)!.add(headKey);
    }
  }
  const table = new Map<string, string>();
  for (const [formKey, options] of candidates) {
    if (options.size === 1 && !options.has(formKey) && [...formKey].length >= minLetters) table.set(formKey, [...options][0]);
  }
  return table;
}
