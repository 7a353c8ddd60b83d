import { fold } from './fold';

describe('fold', () => {
  it.each([
    ['BAKI', 'baki'],
    ['Bakı', 'baki'],
    ['İSTANBUL', 'istanbul'],
    ['ISPARTA', 'isparta'],
    ['Şahinbey', 'sahinbey'],
    ['Gaziantep   Büyükşehir', 'gaziantep buyuksehir'],
    ['Azərbaycan', 'azerbaycan'],
    ['Qazaqstan', 'qazaqstan'],
    ['Алматы', 'алматы'],
    ['ＡＢＣ', 'abc'], // NFKC: full-width letters
    ['Çorlu', 'corlu'],
    ['Ğ', 'g'],
  ])('%s → %s', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('makes the Turkish casing pairs meet', () => {
    expect(fold('İzmir')).toBe(fold('izmir'));
    expect(fold('IĞDIR')).toBe(fold('Iğdır'));
    expect(fold('DİYARBAKIR')).toBe(fold('Diyarbakır'));
  });
});
