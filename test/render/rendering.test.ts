import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { adaptiveCardOf, escapeCardText } from '../../src/bot/activityRenderer.js';
import { isAllowedServiceUrl } from '../../src/http/serviceUrlGuard.js';
import { entryView, formatDeadline, formatFee, viewToText } from '../../src/render/answerView.js';
import { paths } from '../support/paths.js';
import { expectEveryServiceRenders, expectNoCardContradictsItsNotes } from '../support/everyCard.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

describe('facts as text', () => {
  it('formats deadlines with plural forms and the kind of days', () => {
    const t = assistant.renderContext('bg').t;
    expect(formatDeadline({ unit: 'days', amount: 1 }, t)).toBe('1 ден');
    expect(formatDeadline({ unit: 'days', amount: 7, days: 'working' }, t)).toBe('7 работни дни');
    expect(formatDeadline({ unit: 'hours', amount: 24 }, assistant.renderContext('en').t)).toBe('24 hours');
    expect(formatDeadline({ unit: 'immediately' }, t)).toBe('на момента');
    expect(formatDeadline(undefined, t)).toBe('срокът не е потвърден');
  });

  it('formats fees in euro, says when they were converted from leva, and never invents one', () => {
    const bg = assistant.renderContext('bg');
    expect(formatFee({ eur: 10.23, bgn: 20 }, bg)).toBe('10,23 € (по източника 20,00 лв., превърнати по курс 1,95583)');
    expect(formatFee({ eur: 0 }, bg)).toBe('безплатно');
    expect(formatFee(undefined, bg)).toBe('таксата не е потвърдена');
    expect(formatFee({ eur: 2.56, per: { bg: 'куб. м', en: 'm³' } }, assistant.renderContext('en'))).toBe('€2.56 per m³');
  });

  it('tells the citizen to confirm with the office when the knowledge has no deadlines or fees', () => {
    const entry = assistant.kb.byId.get('heirs-certificate')!;
    const text = viewToText(entryView(entry, [], assistant.renderContext('en')));
    expect(text).toMatch(/not published in our sources\. Please confirm them .* 0745 12345/);
  });

  it('every service in the knowledge base renders in both languages with documents and where to apply', () => {
    expectEveryServiceRenders(assistant);
  });
});

describe('Adaptive Card', () => {
  it('escapes markdown so that text shows as typed', () => {
    expect(escapeCardText('[click](http://x) *bold* _i_')).toBe('\\[click\\]\\(http://x\\) \\*bold\\* \\_i\\_');
    expect(escapeCardText('1. first')).toBe('1\\. first');
    expect(escapeCardText('Такса:\n- 10 лв.\n  + 2 лв.')).toBe('Такса:\n\\- 10 лв.\n  \\+ 2 лв.');
    expect(escapeCardText('Срок: 7 дни; цена 10.50 лв. - с ДДС')).toBe('Срок: 7 дни; цена 10.50 лв. - с ДДС');
  });

  it('lays out the speeds as a table of ColumnSets, one a row, with the cells escaped', () => {
    const view = entryView(assistant.kb.byId.get('spatial-planning-certificate')!, [], assistant.renderContext('en'));
    const body = JSON.stringify(adaptiveCardOf(view).body);
    expect(body.match(/"type":"ColumnSet"/g)).toHaveLength(4);
    expect(body).toContain('"text":"Service"');
    expect(body).toContain('"text":"€20.45 \\\\(BGN 40.00\\\\)"'); // escaped for the card, then for JSON
    expect(adaptiveCardOf(view).fallbackText).toContain('Express service: 3 days – €20.45 (the source gives BGN 40.00, converted at 1.95583) – ready: ');
  });

  it('has a title, sections and a plain-text fallback', () => {
    const view = entryView(assistant.kb.byId.get('vehicle-tax')!, [], assistant.renderContext('bg'));
    const card = adaptiveCardOf(view);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.fallbackText).toContain('Данък върху превозните средства');
    expect(JSON.stringify(card.body)).toContain('Срокове и такси');
  });
});

describe('serviceUrl guard (no app id configured)', () => {
  it.each([
    ['http://127.0.0.1:3000/', true],
    ['http://localhost/', true],
    ['http://[::1]:9/', true],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://127.0.0.1.evil.com/', false],
    ['http://user:pw@127.0.0.1/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
    [undefined, false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedServiceUrl(url, [])).toBe(allowed);
  });

  it('accepts configured prefixes and nothing that merely starts like them', () => {
    const allow = ['https://webchat.botframework.com/'];
    expect(isAllowedServiceUrl('https://webchat.botframework.com/v3/x', allow)).toBe(true);
    expect(isAllowedServiceUrl('https://webchat.botframework.com.evil.io/', allow)).toBe(false);
  });
});

describe('a card answers from every place it holds a fact, and never contradicts itself', () => {
  it('a question about the deadline of paying the property tax shows the due dates the entry holds', () => {
    const u = assistant.understand('какъв е срокът за плащане на данък сгради');
    expect(u.decision).toMatchObject({ type: 'answer', entryId: 'property-tax-payment' });
    const text = viewToText(assistant.reply(u));
    expect(text).toContain('30 юни');
    expect(text).toContain('31 октомври');
    expect(text).not.toMatch(/Сроковете и таксите .* не са публикувани/);
  });

  it('no card says its deadlines are unpublished while one of its notes gives them', () => {
    expectNoCardContradictsItsNotes(assistant);
  });
});
