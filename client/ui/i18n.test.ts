import { describe, expect, it } from 'vitest';
import { detectLang, setLang, t } from './i18n';

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
});
