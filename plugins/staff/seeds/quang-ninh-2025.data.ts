/**
 * The slice of the 2025 reform the demo needs, in the exact format of vn-admin-units-2025 (merges.json /
 * splits.json), so the demo does not depend on ../shared being present. Real GSO codes and names, from the
 * public dvhcvn/20250701 dataset (MIT licence; GSO code lists 915/CTK-CSCL and 1027/CTK-CSCL, resolutions
 * 1654-1687/NQ-UBTVQH15): nine new wards of Quảng Ninh and every old ward or commune they were formed from.
 *
 * Old communes by their (pre-2025) district, GSO district codes: Thành phố Hạ Long 193, Thành phố Cẩm Phả 195,
 * Thành phố Đông Triều 205 (Thị xã Đông Triều until 1 Nov 2024, NQ 1199/NQ-UBTVQH15; same code).
 */

export const QUANG_NINH_MERGES = {
  data: [
    {
      level1_id: '22',
      name: 'Tỉnh Quảng Ninh',
      merges: [{ old_id: '22', name: 'Tỉnh Quảng Ninh', type: 'full' }],
      level2s: [
        {
          level2_id: '06661',
          name: 'Phường Việt Hưng',
          merges: [
            { old_id: '06655', name: 'Phường Hà Khẩu', type: 'partial' },
            { old_id: '06661', name: 'Phường Giếng Đáy', type: 'full' },
            { old_id: '06703', name: 'Phường Việt Hưng', type: 'full' },
          ],
        },
        {
          level2_id: '06673',
          name: 'Phường Bãi Cháy',
          merges: [
            { old_id: '06673', name: 'Phường Bãi Cháy', type: 'full' },
            { old_id: '06679', name: 'Phường Hùng Thắng', type: 'full' },
          ],
        },
        {
          level2_id: '06685',
          name: 'Phường Hồng Gai',
          merges: [
            { old_id: '06685', name: 'Phường Trần Hưng Đạo', type: 'full' },
            { old_id: '06691', name: 'Phường Hồng Gai', type: 'full' },
            { old_id: '06694', name: 'Phường Bạch Đằng', type: 'full' },
          ],
        },
        {
          level2_id: '06688',
          name: 'Phường Hạ Long',
          merges: [
            { old_id: '06688', name: 'Phường Hồng Hải', type: 'full' },
            { old_id: '06697', name: 'Phường Hồng Hà', type: 'full' },
          ],
        },
        {
          level2_id: '06706',
          name: 'Phường Tuần Châu',
          merges: [
            { old_id: '06655', name: 'Phường Hà Khẩu', type: 'partial' },
            { old_id: '06700', name: 'Phường Tuần Châu', type: 'full' },
            { old_id: '06706', name: 'Phường Đại Yên', type: 'full' },
          ],
        },
        {
          level2_id: '06778',
          name: 'Phường Quang Hanh',
          merges: [
            { old_id: '06778', name: 'Phường Quang Hanh', type: 'full' },
            { old_id: '06784', name: 'Phường Cẩm Thủy', type: 'full' },
            { old_id: '06787', name: 'Phường Cẩm Thạch', type: 'full' },
          ],
        },
        {
          level2_id: '06793',
          name: 'Phường Cẩm Phả',
          merges: [
            { old_id: '06769', name: 'Phường Cẩm Đông', type: 'full' },
            { old_id: '06775', name: 'Phường Cẩm Tây', type: 'full' },
            { old_id: '06790', name: 'Phường Cẩm Thành', type: 'full' },
            { old_id: '06793', name: 'Phường Cẩm Trung', type: 'full' },
            { old_id: '06796', name: 'Phường Cẩm Bình', type: 'full' },
          ],
        },
        {
          level2_id: '07090',
          name: 'Phường An Sinh',
          merges: [
            { old_id: '07075', name: 'Xã An Sinh', type: 'full' },
            { old_id: '07084', name: 'Xã Việt Dân', type: 'full' },
            { old_id: '07090', name: 'Phường Bình Dương', type: 'full' },
            { old_id: '07093', name: 'Phường Đức Chính', type: 'partial' },
          ],
        },
        {
          level2_id: '07093',
          name: 'Phường Đông Triều',
          merges: [
            { old_id: '07093', name: 'Phường Đức Chính', type: 'partial' },
            { old_id: '07099', name: 'Xã Nguyễn Huệ', type: 'full' },
            { old_id: '07102', name: 'Phường Thủy An', type: 'full' },
            { old_id: '07120', name: 'Phường Hồng Phong', type: 'full' },
            { old_id: '07126', name: 'Phường Hưng Đạo', type: 'full' },
          ],
        },
      ],
    },
  ],
};

export const QUANG_NINH_SPLITS = {
  data: [
    {
      level1_id: '22',
      name: 'Tỉnh Quảng Ninh',
      splits: [{ new_id: '22', name: 'Quảng Ninh' }],
      level3s: [
        {
          level3_id: '06655',
          name: 'Phường Hà Khẩu',
          splits: [
            { new_id: '06706', name: 'Phường Tuần Châu' },
            { new_id: '06661', name: 'Phường Việt Hưng' },
          ],
        },
        {
          level3_id: '06661',
          name: 'Phường Giếng Đáy',
          splits: [{ new_id: '06661', name: 'Phường Việt Hưng' }],
        },
        {
          level3_id: '06673',
          name: 'Phường Bãi Cháy',
          splits: [{ new_id: '06673', name: 'Phường Bãi Cháy' }],
        },
        {
          level3_id: '06679',
          name: 'Phường Hùng Thắng',
          splits: [{ new_id: '06673', name: 'Phường Bãi Cháy' }],
        },
        {
          level3_id: '06685',
          name: 'Phường Trần Hưng Đạo',
          splits: [{ new_id: '06685', name: 'Phường Hồng Gai' }],
        },
        {
          level3_id: '06688',
          name: 'Phường Hồng Hải',
          splits: [{ new_id: '06688', name: 'Phường Hạ Long' }],
        },
        {
          level3_id: '06691',
          name: 'Phường Hồng Gai',
          splits: [{ new_id: '06685', name: 'Phường Hồng Gai' }],
        },
        {
          level3_id: '06694',
          name: 'Phường Bạch Đằng',
          splits: [{ new_id: '06685', name: 'Phường Hồng Gai' }],
        },
        { level3_id: '06697', name: 'Phường Hồng Hà', splits: [{ new_id: '06688', name: 'Phường Hạ Long' }] },
        {
          level3_id: '06700',
          name: 'Phường Tuần Châu',
          splits: [{ new_id: '06706', name: 'Phường Tuần Châu' }],
        },
        {
          level3_id: '06703',
          name: 'Phường Việt Hưng',
          splits: [{ new_id: '06661', name: 'Phường Việt Hưng' }],
        },
        {
          level3_id: '06706',
          name: 'Phường Đại Yên',
          splits: [{ new_id: '06706', name: 'Phường Tuần Châu' }],
        },
        {
          level3_id: '06769',
          name: 'Phường Cẩm Đông',
          splits: [{ new_id: '06793', name: 'Phường Cẩm Phả' }],
        },
        { level3_id: '06775', name: 'Phường Cẩm Tây', splits: [{ new_id: '06793', name: 'Phường Cẩm Phả' }] },
        {
          level3_id: '06778',
          name: 'Phường Quang Hanh',
          splits: [{ new_id: '06778', name: 'Phường Quang Hanh' }],
        },
        {
          level3_id: '06784',
          name: 'Phường Cẩm Thủy',
          splits: [{ new_id: '06778', name: 'Phường Quang Hanh' }],
        },
        {
          level3_id: '06787',
          name: 'Phường Cẩm Thạch',
          splits: [{ new_id: '06778', name: 'Phường Quang Hanh' }],
        },
        {
          level3_id: '06790',
          name: 'Phường Cẩm Thành',
          splits: [{ new_id: '06793', name: 'Phường Cẩm Phả' }],
        },
        {
          level3_id: '06793',
          name: 'Phường Cẩm Trung',
          splits: [{ new_id: '06793', name: 'Phường Cẩm Phả' }],
        },
        {
          level3_id: '06796',
          name: 'Phường Cẩm Bình',
          splits: [{ new_id: '06793', name: 'Phường Cẩm Phả' }],
        },
        { level3_id: '07075', name: 'Xã An Sinh', splits: [{ new_id: '07090', name: 'Phường An Sinh' }] },
        { level3_id: '07084', name: 'Xã Việt Dân', splits: [{ new_id: '07090', name: 'Phường An Sinh' }] },
        {
          level3_id: '07090',
          name: 'Phường Bình Dương',
          splits: [{ new_id: '07090', name: 'Phường An Sinh' }],
        },
        {
          level3_id: '07093',
          name: 'Phường Đức Chính',
          splits: [
            { new_id: '07090', name: 'Phường An Sinh' },
            { new_id: '07093', name: 'Phường Đông Triều' },
          ],
        },
        {
          level3_id: '07099',
          name: 'Xã Nguyễn Huệ',
          splits: [{ new_id: '07093', name: 'Phường Đông Triều' }],
        },
        {
          level3_id: '07102',
          name: 'Phường Thủy An',
          splits: [{ new_id: '07093', name: 'Phường Đông Triều' }],
        },
        {
          level3_id: '07120',
          name: 'Phường Hồng Phong',
          splits: [{ new_id: '07093', name: 'Phường Đông Triều' }],
        },
        {
          level3_id: '07126',
          name: 'Phường Hưng Đạo',
          splits: [{ new_id: '07093', name: 'Phường Đông Triều' }],
        },
      ],
    },
  ],
};

/** District (GSO code) of each old commune above, on 30 June 2025. */
export const OLD_COMMUNE_DISTRICT: Record<string, string> = {
  '06655': '193',
  '06661': '193',
  '06673': '193',
  '06679': '193',
  '06685': '193',
  '06688': '193',
  '06691': '193',
  '06694': '193',
  '06697': '193',
  '06700': '193',
  '06703': '193',
  '06706': '193',
  '06769': '195',
  '06775': '195',
  '06778': '195',
  '06784': '195',
  '06787': '195',
  '06790': '195',
  '06793': '195',
  '06796': '195',
  '07075': '205',
  '07084': '205',
  '07090': '205',
  '07093': '205',
  '07099': '205',
  '07102': '205',
  '07120': '205',
  '07126': '205',
};
