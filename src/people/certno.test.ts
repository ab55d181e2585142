import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageAt, birthDateOf, certnoCheckChar, certnoProblem, normaliseCertno } from './certno.js';

/**
 * Independent ISO 7064 MOD 11-2: the weight of the digit at position i counted from the right
 * (the check character is position 1) is 2^(i-1) mod 11; the check value is (12 - sum mod 11) mod 11,
 * written 'X' for 10.
 */
function oracleCheckChar(first17: string): string {
  let sum = 0n;
  for (let k = 0; k < 17; k++) {
    const weight = (2n ** BigInt(17 - k)) % 11n;
    sum += BigInt(first17.charCodeAt(k) - 48) * weight;
  }
  const value = Number((12n - (sum % 11n)) % 11n);
  return value === 10 ? 'X' : String(value);
}

/** Independent full check: the weighted sum of all 18 (X = 10) is ≡ 1 (mod 11). */
function oracleValidChecksum(certno: string): boolean {
  let sum = 0n;
  for (let k = 0; k < 18; k++) {
    const c = certno[k];
    const v = c === 'X' ? 10n : BigInt(Number(c));
    sum += v * ((2n ** BigInt(17 - k)) % 11n);
  }
  return sum % 11n === 1n;
}

const CHECK_CHARS = '0123456789X'.split('');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** 17-digit prefixes whose birth date (positions 7–14) is a real day from 1870 on. */
const validPrefix = fc.record({
  region: fc.integer({ min: 110000, max: 659999 }),
  birth: fc.date({ min: new Date('1870-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
  seq: fc.integer({ min: 0, max: 999 }),
}).map(({ region, birth, seq }) => `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${pad(seq, 3)}`);

describe('normaliseCertno', () => {
  it('given spaces and a lower-case x, when normalised, then both are gone', () => {
    expect(normaliseCertno(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normaliseCertno('11010519491231002x')).toBe('11010519491231002X');
    expect(normaliseCertno('110105\t1949\u30001231002X\n')).toBe('11010519491231002X');
  });
  it('given a clean number, then it is unchanged', () => {
    expect(normaliseCertno('440524188001010014')).toBe('440524188001010014');
  });
});

describe('certnoCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'], // the GB 11643 standard example 11010519491231002X
    ['44052418800101001', '4'],
    ['32010619900307123', '4'],
    ['50024320000229456', '3'],
    ['11010120241231999', '4'],
  ])('given the prefix %s, then the check character is %s', (prefix, expected) => {
    expect(oracleCheckChar(prefix)).toBe(expected); // the oracle agrees with the hand computation
    expect(certnoCheckChar(prefix)).toBe(expected);
  });

  it('agrees with an independent MOD 11-2 for any 17 digits', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{17}$/), (prefix) => {
      const c = certnoCheckChar(prefix);
      expect(c).toBe(oracleCheckChar(prefix));
      expect(oracleValidChecksum(prefix + c)).toBe(true);
    }));
  });
});

describe('certnoProblem', () => {
  it('given valid numbers, then no problem', () => {
    expect(certnoProblem('11010519491231002X')).toBeUndefined();
    expect(certnoProblem('440524188001010014')).toBeUndefined();
    expect(certnoProblem('500243200002294563')).toBeUndefined();
  });

  it.each([
    [''], ['11010519491231002'], ['11010519491231002X1'], ['110105194912310'], ['1101051949123100 2X'],
  ])('given %j, then the problem is length', (certno) => {
    expect(certnoProblem(certno)).toBe('length');
  });

  it.each([
    ['11010519491231002x'], // not normalised: lower-case x
    ['1101051949123100X2'], // X only in the last place
    ['X10105194912310024'],
    ['11010519491231A02X'],
    ['11010519491231 02X'],
  ])('given %j, then the problem is characters', (certno) => {
    expect(certnoProblem(certno)).toBe('characters');
  });

  it.each([
    ['110105194913310020', 'month 13'],
    ['110105194900310020', 'month 0'],
    ['110105202302300020', 'February 30'],
    ['110105202302290020', 'February 29 of a common year'],
    ['110105194904310020', 'April 31'],
    ['110105194912000020', 'day 0'],
    ['110105186912310020', 'born before 1870'],
  ])('given %s (%s), then the problem is birth-date', (certno) => {
    expect(certnoProblem(certno)).toBe('birth-date');
  });

  it('given a leap-day birth date with a correct check char, then no problem', () => {
    const prefix = '11010520240229123';
    expect(certnoProblem(prefix + oracleCheckChar(prefix))).toBeUndefined();
  });

  it('given a wrong check character, then the problem is checksum', () => {
    expect(certnoProblem('110105194912310021')).toBe('checksum');
    expect(certnoProblem('440524188001010015')).toBe('checksum');
    expect(certnoProblem('440524188001010010')).toBe('checksum');
  });

  it('for any 17-digit prefix with a valid birth date, the computed check char is accepted and every other is checksum', () => {
    fc.assert(fc.property(validPrefix, (prefix) => {
      const right = certnoCheckChar(prefix);
      expect(certnoProblem(prefix + right)).toBeUndefined();
      for (const other of CHECK_CHARS) {
        if (other !== right) expect(certnoProblem(prefix + other)).toBe('checksum');
      }
    }));
  });

  it('for any spreadsheet spelling of a valid number, normalising first gives no problem', () => {
    fc.assert(fc.property(validPrefix, fc.integer({ min: 0, max: 18 }), (prefix, at) => {
      const certno = prefix + certnoCheckChar(prefix);
      const messy = ` ${certno.slice(0, at)} ${certno.slice(at).toLowerCase()} `;
      expect(certnoProblem(normaliseCertno(messy))).toBeUndefined();
    }));
  });
});

describe('birthDateOf', () => {
  it('given a valid number, then the birth date it carries', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
  });
});

describe('ageAt', () => {
  const certno = '11010519491231002X'; // born 1949-12-31
  it('given the birthday itself, then the year counts', () => {
    expect(ageAt(certno, '2023-12-31')).toBe(74);
  });
  it('given the day before the birthday, then it does not', () => {
    expect(ageAt(certno, '2023-12-30')).toBe(73);
  });
  it('given the day after the birthday, then the new age holds', () => {
    expect(ageAt(certno, '2024-01-01')).toBe(74);
  });
  it('given the day of birth, then 0', () => {
    expect(ageAt(certno, '1949-12-31')).toBe(0);
  });
  it('given other birth dates, then the boundary is the birthday', () => {
    const mid = '440524188001010014'; // born 1880-01-01
    expect(ageAt(mid, '1960-01-01')).toBe(80);
    expect(ageAt(mid, '1959-12-31')).toBe(79);
    const march = '32010619900307123' + certnoCheckChar('32010619900307123'); // born 1990-03-07
    expect(ageAt(march, '2024-03-07')).toBe(34);
    expect(ageAt(march, '2024-03-06')).toBe(33);
  });
});
