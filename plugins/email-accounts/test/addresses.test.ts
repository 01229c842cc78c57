import { verify } from '@node-rs/argon2';
import { AddressRule } from '../entities/enums';
import { firstFree, localPartFor, nameParts } from '../services/addresses';
import { generatePassword, hashPassword, passwordProblems } from '../services/passwords';

describe('addresses from Vietnamese names', () => {
  const rules = (name: string) =>
    [AddressRule.GIVEN_INITIALS, AddressRule.FULL, AddressRule.GIVEN_DOT_FAMILY].map((r) =>
      localPartFor(name, r),
    );

  it.each([
    ['Nguyễn Văn Hùng', 'hungnv', 'nguyenvanhung', 'hung.nguyen'],
    ['Trần Thị Lan', 'lantt', 'tranthilan', 'lan.tran'],
    ['Lê Minh Đức', 'duclm', 'leminhduc', 'duc.le'],
    ['Đặng Đình Đạt', 'datdd', 'dangdinhdat', 'dat.dang'],
    ['Phạm Quốc Bảo', 'baopq', 'phamquocbao', 'bao.pham'],
    ['Nguyễn Thị Ngọc Ánh', 'anhntn', 'nguyenthingocanh', 'anh.nguyen'],
    ['Vương Thị Ơn', 'onvt', 'vuongthion', 'on.vuong'],
    ['Hoàng Thuỳ Dương', 'duonght', 'hoangthuyduong', 'duong.hoang'],
    ['Hoàng Thùy Dương', 'duonght', 'hoangthuyduong', 'duong.hoang'],
    ['ĐINH TIẾN ĐỨC', 'ducdt', 'dinhtienduc', 'duc.dinh'],
    ['  Nguyễn   Văn\tHùng ', 'hungnv', 'nguyenvanhung', 'hung.nguyen'],
    ['Y-Moan Niê', 'nieym', 'ymoannie', 'nie.y'],
    ["H'Hen Niê", 'nieh', 'hhennie', 'nie.hhen'],
    ['Hùng', 'hung', 'hung', 'hung'],
  ])('%s -> %s | %s | %s', (name, initials, full, dot) => {
    expect(rules(name)).toEqual([initials, full, dot]);
  });

  it('reads decomposed (NFD) input like composed input', () => {
    expect(rules('Nguyễn Văn Hùng'.normalize('NFD'))).toEqual(['hungnv', 'nguyenvanhung', 'hung.nguyen']);
  });

  it('drops every tone mark and vowel mark, lower and upper case, and folds đ/Đ to d', () => {
    const lower = 'àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ đ';
    const folded = 'aaaaa aaaaaa aaaaaa eeeee eeeeee iiiii ooooo oooooo oooooo uuuuu uuuuuu yyyyy d';
    expect(nameParts(lower).join(' ')).toBe(folded);
    expect(nameParts(lower.toUpperCase()).join(' ')).toBe(folded);
  });

  it('keeps long names within the local-part limit, leaving room for a collision number', () => {
    const name = 'Nguyễn ' + 'Thị '.repeat(20) + 'Hoa';
    expect(localPartFor(name, AddressRule.FULL)).toHaveLength(60);
  });

  it('refuses a name with no letters', () => {
    expect(() => localPartFor('?!', AddressRule.FULL)).toThrow(/no letters/);
  });

  it.each([
    [[], 'hungnv'],
    [['hungnv'], 'hungnv2'],
    [['hungnv', 'hungnv2'], 'hungnv3'],
    [['hungnv', 'hungnv3'], 'hungnv2'],
    [['hungnv2'], 'hungnv'],
    [['hung.nguyen'], 'hung.nguyen2'],
  ])('collision rule: taken %j -> %s', (taken, expected) => {
    const set = new Set(taken as string[]);
    expect(firstFree(expected.replace(/\d+$/, ''), (l) => set.has(l))).toBe(expected);
  });
});

describe('password policy (12 characters, 3 of 4 classes by default)', () => {
  const policy = { minLength: 12, minClasses: 3 };

  it.each([
    ['Abcdefghij1!', []],
    ['abcdefghij1!', []],
    ['Quảng-Ninh-2025!', []],
    ['abcdefghijk1', ['at least 3 of: lower-case letters, upper-case letters, digits, symbols']],
    ['Abc1!', ['at least 12 characters']],
    [' Leading-space1A', ['no spaces at the start or end']],
    ['Bell\u0007-char-123', ['no control characters']],
    ['A1!' + 'a'.repeat(126), ['at most 128 characters']],
  ])('%j -> %j', (password, problems) => {
    expect(passwordProblems(password, policy)).toEqual(problems);
  });

  it('refuses the address or the name inside the password, diacritics ignored', () => {
    expect(passwordProblems('Hungnv-2025-abc', policy, ['hungnv', 'nguyenvanhung'])).toEqual([
      'not your address or name',
    ]);
    expect(passwordProblems('NguyễnVănHùng-1', policy, ['hungnv', 'nguyenvanhung'])).toEqual([
      'not your address or name',
    ]);
    expect(passwordProblems('Mật-khẩu-2025', policy, ['hungnv', 'nguyenvanhung'])).toEqual([]);
  });

  it('generated passwords meet the strictest policy and avoid look-alike characters', () => {
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      expect(password).toHaveLength(16);
      expect(passwordProblems(password, { minLength: 16, minClasses: 4 })).toEqual([]);
      expect(password).not.toMatch(/[0O1lI]/);
    }
  });

  it('hashes as $argon2id$ (Dovecot {ARGON2ID}) and verifies', async () => {
    const hashed = await hashPassword('Quảng-Ninh-2025!', { memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verify(hashed, 'Quảng-Ninh-2025!')).toBe(true);
    expect(await verify(hashed, 'Quang-Ninh-2025!')).toBe(false);
  });
});
