import type { CreateProcedureInput } from '../services/catalogue.service';
import { DeadlineUnit } from '../../staff';
import { DossierChannel, OnlineServiceLevel, ResolvingLevel } from '../domain/enums';

/**
 * Real procedures of the national catalogue (codes and names as published on the National Public
 * Service Portal), at commune level after the 2025 reform. Limits, fees and components are simplified
 * from the published ones for the demo: check them against the portal before real use.
 */
export const DEMO_PROCEDURES: CreateProcedureInput[] = [
  {
    code: '1.001193',
    name: 'Thủ tục đăng ký khai sinh',
    field: 'Hộ tịch',
    level: ResolvingLevel.COMMUNE,
    onlineLevel: OnlineServiceLevel.FULL,
    cutoffHour: 15,
    cases: [
      {
        code: 'TH1',
        name: 'Đăng ký khai sinh đúng hạn',
        limits: [{ amount: 1, unit: DeadlineUnit.WORKING_DAYS }],
      },
      {
        code: 'TH2',
        name: 'Cần xác minh thông tin',
        limits: [{ amount: 3, unit: DeadlineUnit.WORKING_DAYS }],
      },
    ],
    fees: [{ name: 'Lệ phí đăng ký khai sinh đúng hạn', amount: 0, note: 'Miễn lệ phí' }],
    components: [
      { code: 'TK', name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1 },
      { code: 'GCS', name: 'Giấy chứng sinh (hoặc văn bản thay thế)', originals: 1 },
    ],
    resultDocument: 'Giấy khai sinh (bản chính)',
    decisionNumber: '1872/QĐ-BTP',
    decisionDate: '2020-09-04',
    effectiveFrom: '2025-07-01',
  },
  {
    code: '1.000894',
    name: 'Thủ tục đăng ký kết hôn',
    field: 'Hộ tịch',
    level: ResolvingLevel.COMMUNE,
    onlineLevel: OnlineServiceLevel.PARTIAL,
    cutoffHour: 15,
    cases: [
      {
        code: 'TH1',
        name: 'Đủ điều kiện kết hôn, không cần xác minh',
        limits: [{ amount: 1, unit: DeadlineUnit.WORKING_DAYS }],
      },
      {
        code: 'TH2',
        name: 'Cần xác minh điều kiện kết hôn',
        limits: [{ amount: 5, unit: DeadlineUnit.WORKING_DAYS }],
      },
    ],
    fees: [{ name: 'Lệ phí đăng ký kết hôn', amount: 0, note: 'Miễn lệ phí' }],
    components: [
      { code: 'TK', name: 'Tờ khai đăng ký kết hôn theo mẫu', originals: 1 },
      {
        code: 'XNTT',
        name: 'Giấy xác nhận tình trạng hôn nhân (nếu cư trú nơi khác)',
        originals: 1,
        required: false,
      },
    ],
    resultDocument: 'Giấy chứng nhận kết hôn (bản chính, mỗi bên một bản)',
    decisionNumber: '1872/QĐ-BTP',
    decisionDate: '2020-09-04',
    effectiveFrom: '2025-07-01',
  },
  {
    code: '1.000656',
    name: 'Thủ tục đăng ký khai tử',
    field: 'Hộ tịch',
    level: ResolvingLevel.COMMUNE,
    onlineLevel: OnlineServiceLevel.FULL,
    cutoffHour: 15,
    cases: [
      {
        code: 'TH1',
        name: 'Đăng ký khai tử đúng hạn',
        limits: [{ amount: 1, unit: DeadlineUnit.WORKING_DAYS }],
      },
      { code: 'TH2', name: 'Cần xác minh', limits: [{ amount: 3, unit: DeadlineUnit.WORKING_DAYS }] },
    ],
    fees: [{ name: 'Lệ phí đăng ký khai tử đúng hạn', amount: 0, note: 'Miễn lệ phí' }],
    components: [
      { code: 'TK', name: 'Tờ khai đăng ký khai tử theo mẫu', originals: 1 },
      { code: 'GBT', name: 'Giấy báo tử hoặc giấy tờ thay thế', originals: 1 },
    ],
    resultDocument: 'Trích lục khai tử (bản chính)',
    decisionNumber: '1872/QĐ-BTP',
    decisionDate: '2020-09-04',
    effectiveFrom: '2025-07-01',
  },
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    field: 'Chứng thực',
    level: ResolvingLevel.COMMUNE,
    onlineLevel: OnlineServiceLevel.PARTIAL,
    cutoffHour: 15,
    cases: [
      {
        code: 'TH1',
        name: 'Chứng thực bản sao',
        limits: [
          { amount: 4, unit: DeadlineUnit.HOURS },
          { channel: DossierChannel.ONLINE, amount: 1, unit: DeadlineUnit.WORKING_DAYS },
        ],
      },
    ],
    fees: [
      {
        name: 'Phí chứng thực bản sao từ bản chính',
        amount: 2000,
        note: '2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản',
      },
    ],
    components: [
      { code: 'BC', name: 'Bản chính giấy tờ, văn bản làm cơ sở để chứng thực', originals: 1 },
      { code: 'BS', name: 'Bản sao cần chứng thực', copies: 1 },
    ],
    resultDocument: 'Bản sao được chứng thực từ bản chính',
    effectiveFrom: '2025-07-01',
  },
  {
    code: '1.004227',
    name: 'Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với hộ gia đình, cá nhân',
    field: 'Đất đai',
    level: ResolvingLevel.COMMUNE,
    onlineLevel: OnlineServiceLevel.PARTIAL,
    cases: [
      {
        code: 'TH1',
        name: 'Hộ gia đình, cá nhân',
        limits: [{ amount: 15, unit: DeadlineUnit.WORKING_DAYS }],
      },
    ],
    fees: [
      {
        name: 'Phí thẩm định hồ sơ',
        amount: 500000,
        note: 'Theo nghị quyết của Hội đồng nhân dân tỉnh (minh họa)',
      },
    ],
    components: [
      { code: 'DON', name: 'Đơn xin chuyển mục đích sử dụng đất', originals: 1 },
      { code: 'GCN', name: 'Giấy chứng nhận quyền sử dụng đất', originals: 1 },
    ],
    resultDocument: 'Quyết định cho phép chuyển mục đích sử dụng đất',
    effectiveFrom: '2025-07-01',
  },
];
