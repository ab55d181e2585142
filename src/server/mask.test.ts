import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskCertno } from './mask.js';

describe('maskCertno', () => {
  it('shows the first 6 and the last 4 characters of an ID number', () => {
    expect(maskCertno('500243199001011234')).toBe('500243********1234');
    expect(maskCertno('50024319900101123X')).toBe('500243********123X');
    expect(maskCertno('500243900101123')).toBe('500243*****1123');
  });

  it('masks short and odd values without revealing much', () => {
    expect(maskCertno('')).toBe('');
    expect(maskCertno('1234567')).toBe('*******');
    expect(maskCertno('12345678')).toBe('12****78');
    expect(maskCertno('G1234567890')).toBe('G1*******90');
    expect(maskCertno('公民身份号码')).toBe('******');
    expect(maskCertno(null)).toBeNull();
    expect(maskCertno(undefined)).toBeNull();
  });

  it('keeps the length and never shows more than 10 characters, nor half of a value shorter than 15', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789X'), maxLength: 40, size: 'max' }), (s) => {
        const m = maskCertno(s);
        expect(m.length).toBe(s.length);
        const shown = [...m].filter((c) => c !== '*').length;
        expect(shown).toBeLessThanOrEqual(s.length >= 15 ? 10 : Math.floor(s.length / 2));
        for (let i = 0; i < m.length; i++) if (m[i] !== '*') expect(m[i]).toBe(s[i]);
      }),
    );
  });
});
