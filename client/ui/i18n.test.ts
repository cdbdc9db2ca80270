import { describe, expect, it } from 'vitest';
import { detectLang, dictionary, setLang, t } from './i18n';

describe('i18n', () => {
  it('picks Korean for ko locales only', () => {
    expect(detectLang('ko-KR')).toBe('ko');
    expect(detectLang('en-US')).toBe('en');
    expect(detectLang(undefined)).toBe('en');
  });
  it('fills placeholders in the current language', () => {
    setLang('en');
    expect(t('reconnectingAttempt', { n: 3 })).toBe('Connection lost — reconnecting (attempt 3)…');
    setLang('ko');
    expect(t('phasePlaying', { round: 2 })).toBe('2 라운드');
    setLang('en');
  });

  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const en = dictionary('en');
    const ko = dictionary('ko');
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ko[key].trim(), key).not.toBe('');
      expect(placeholders(ko[key]), key).toEqual(placeholders(en[key]));
    }
  });
  it('gives every lesson a title, a 2-5 sentence body and a short line in both languages', () => {
    const en = dictionary('en');
    const lessons = Object.keys(en).filter((k) => /^lesson[A-Z]\w*Title$/.test(k)).map((k) => k.slice(0, -'Title'.length));
    expect(lessons).toHaveLength(7);
    for (const lang of ['en', 'ko'] as const) {
      const d: Readonly<Record<string, string>> = dictionary(lang);
      for (const lesson of lessons) {
        const sentences = d[`${lesson}Body`].split(/(?<=[.!?])\s+/).length;
        expect(sentences, `${lang} ${lesson}`).toBeGreaterThanOrEqual(2);
        expect(sentences, `${lang} ${lesson}`).toBeLessThanOrEqual(5);
        expect(d[`${lesson}Short`]).toBeTruthy();
      }
    }
  });
});
