import { BadInputError } from '../../../src';
import { ApplicantKind } from './enums';

export interface ApplicantData {
  kind: ApplicantKind;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

export interface AuthorisedPersonData {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  authorisationDocument?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function clean(value: string | null | undefined, field: string, max: number): string | null {
  const v = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!v) return null;
  if (v.length > max)
    throw new BadInputError(
      {
        vi: `${field} quá dài (tối đa ${max} ký tự)`,
        en: `${field} is too long (${max} characters at most)`,
      },
      { field },
    );
  return v;
}

/** 12-digit citizen ID (CCCD) or 9-digit old ID (CMND); 10- or 13-digit tax code for organisations. */
export function normaliseIdNumber(
  value: string | null | undefined,
  kind: ApplicantKind,
  field: string,
): string | null {
  const v = clean(value, field, 20)?.replace(/[\s.]/g, '') ?? null;
  if (v === null) return null;
  const ok = kind === ApplicantKind.CITIZEN ? /^(\d{9}|\d{12})$/.test(v) : /^\d{10}(-?\d{3})?$/.test(v);
  if (!ok) {
    throw new BadInputError(
      {
        vi:
          kind === ApplicantKind.CITIZEN
            ? `${field} phải là số định danh cá nhân 12 chữ số (hoặc số CMND cũ 9 chữ số)`
            : `${field} phải là mã số thuế 10 hoặc 13 chữ số`,
        en:
          kind === ApplicantKind.CITIZEN
            ? `${field} must be a 12-digit citizen ID (or a 9-digit old ID)`
            : `${field} must be a 10- or 13-digit tax code`,
      },
      { field },
    );
  }
  return v;
}

/** Vietnamese phone numbers: 0xxxxxxxxx or +84xxxxxxxxx, stored as 0xxxxxxxxx. */
export function normalisePhone(value: string | null | undefined, field: string): string | null {
  const v = clean(value, field, 20)?.replace(/[\s.()-]/g, '') ?? null;
  if (v === null) return null;
  const local = v.startsWith('+84')
    ? `0${v.slice(3)}`
    : v.startsWith('84') && v.length === 11
      ? `0${v.slice(2)}`
      : v;
  if (!/^0\d{9,10}$/.test(local))
    throw new BadInputError(
      { vi: `${field} phải là số điện thoại Việt Nam`, en: `${field} must be a Vietnamese phone number` },
      { field },
    );
  return local;
}

export function normaliseApplicant(input: ApplicantData) {
  const name = clean(input.name, 'applicant.name', 300);
  if (!name)
    throw new BadInputError(
      { vi: 'Tên người nộp không được để trống', en: 'The applicant name must not be empty' },
      { field: 'applicant.name' },
    );
  const email = clean(input.email, 'applicant.email', 254)?.toLowerCase() ?? null;
  if (email && !EMAIL.test(email))
    throw new BadInputError(
      {
        vi: 'applicant.email không phải là địa chỉ thư điện tử',
        en: 'applicant.email is not an email address',
      },
      { field: 'applicant.email' },
    );
  return {
    applicantKind: input.kind,
    applicantName: name,
    applicantIdNumber: normaliseIdNumber(input.idNumber, input.kind, 'applicant.idNumber'),
    applicantPhone: normalisePhone(input.phone, 'applicant.phone'),
    applicantEmail: email,
    applicantAddress: clean(input.address, 'applicant.address', 500),
  };
}

export function normaliseAuthorisedPerson(input: AuthorisedPersonData | null | undefined) {
  if (!input)
    return {
      authorisedName: null,
      authorisedIdNumber: null,
      authorisedPhone: null,
      authorisationDocument: null,
    };
  const name = clean(input.name, 'authorisedPerson.name', 300);
  if (!name)
    throw new BadInputError(
      { vi: 'Người được ủy quyền cần có tên', en: 'The authorised person needs a name' },
      { field: 'authorisedPerson.name' },
    );
  return {
    authorisedName: name,
    authorisedIdNumber: normaliseIdNumber(input.idNumber, ApplicantKind.CITIZEN, 'authorisedPerson.idNumber'),
    authorisedPhone: normalisePhone(input.phone, 'authorisedPerson.phone'),
    authorisationDocument: clean(input.authorisationDocument, 'authorisedPerson.authorisationDocument', 500),
  };
}
