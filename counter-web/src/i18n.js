// Vietnamese first (the counter's language), English on a switch. Reasons are plain words for a
// clerk; the stable code is shown small under them.
export const TEXT = {
  vi: {
    title: "Kiểm tra định danh", cameraOn: "Bật camera", cameraOff: "Tắt camera", settings: "Cài đặt",
    hintScan: "Quét mã QR bằng máy quét hoặc đưa mã vào camera.",
    otherWays: "Cách khác: dán mã hoặc chọn ảnh", pasteLabel: "Dán nội dung mã QR", check: "Kiểm tra",
    imageLabel: "Ảnh chụp mã QR", tapToClear: "Bấm vào màn hình hoặc nhấn Esc để xoá.",
    audience: "Mã quầy (audience)", trustList: "Danh sách tin cậy", statusLists: "Danh sách thu hồi",
    loadUrl: "Nạp từ địa chỉ", policyMissing: "Khi thiếu danh sách thu hồi", policyExpired: "Khi danh sách thu hồi quá hạn",
    reject: "Từ chối", warn: "Chấp nhận, cảnh báo", verdictSecs: "Xoá kết quả sau (giây)",
    replayMemory: "Bộ nhớ chống quét lại", save: "Lưu", close: "Đóng",
    valid: "HỢP LỆ", invalid: "KHÔNG HỢP LỆ", unsigned: "CHƯA XÁC THỰC", scanAgain: "QUÉT LẠI",
    unsignedReason: "Mã QR in trên thẻ CCCD không có chữ ký: ai cũng có thể in. Chỉ đối chiếu với thẻ gốc.",
    issuer: "Nơi cấp", validFor: (s) => `Mã còn hiệu lực ${clock(s)}`, expiredNow: "Mã đã hết hạn",
    statusWarning: "Cảnh báo: chưa kiểm tra được tình trạng thu hồi",
    noTrust: "Chưa có danh sách tin cậy", trustCount: (n) => `Tin cậy: ${n} khoá`,
    noStatus: "Chưa có danh sách thu hồi", statusAge: (a) => `Thu hồi: cập nhật ${a} trước`,
    statusStale: (a) => `Thu hồi: cũ (${a})`, ago: agoVi, entries: (n) => `${n} mục`,
    staleWarn: "đã quá hạn làm mới — cần cập nhật", expiredWarn: "ĐÃ HẾT HẠN",
    cameraFps: (f) => `camera: ${f.toFixed(1)} khung hình giải mã mỗi giây`, cameraError: "Không mở được camera",
    yes: "Có", no: "Không", male: "Nam", female: "Nữ", other: "Khác",
    cardFields: { idNumber: "Số CCCD", oldIdNumber: "Số CMND cũ", fullName: "Họ và tên", dateOfBirth: "Ngày sinh", sex: "Giới tính", address: "Nơi thường trú", issueDate: "Ngày cấp" },
    claims: {
      full_name: "Họ và tên", id_number: "Số định danh cá nhân", date_of_birth: "Ngày sinh", sex: "Giới tính",
      nationality: "Quốc tịch", place_of_residence: "Nơi thường trú", place_of_origin: "Quê quán",
      ethnicity: "Dân tộc", religion: "Tôn giáo", card_issue_date: "Ngày cấp thẻ", card_expiry_date: "Thẻ có giá trị đến",
    },
    ageOver: (n) => `Đủ ${n} tuổi trở lên`,
    reasons: {
      input_method: "Bộ gõ tiếng Việt (Unikey/EVKey) đang bật nên máy quét gõ sai mã. Hãy chuyển bộ gõ sang tiếng Anh (E) rồi quét lại.",
      no_trust_list: "Chưa có danh sách tin cậy. Mở Cài đặt để nạp.",
      not_a_presentation: "Đây không phải mã QR định danh điện tử.",
      unreadable_qr: "Không đọc được mã QR. Hãy quét lại.",
      malformed: "Mã QR bị lỗi định dạng.",
      unknown_issuer: "Nơi cấp không có trong danh sách tin cậy.",
      issuer_mismatch: "Thông tin nơi cấp không khớp với danh sách tin cậy.",
      bad_issuer_signature: "Chữ ký của nơi cấp không hợp lệ: có thể là giả mạo.",
      bad_holder_signature: "Mã QR đã bị sửa hoặc không do điện thoại của người giữ tạo ra.",
      digest_mismatch: "Thông tin trong mã QR đã bị sửa đổi.",
      expired: "Mã QR đã hết hạn. Đề nghị công dân tạo mã mới.",
      not_yet_valid: "Mã QR chưa có hiệu lực: đồng hồ điện thoại hoặc máy tính sai giờ.",
      credential_expired: "Giấy tờ định danh đã hết hạn.",
      credential_not_yet_valid: "Giấy tờ định danh chưa có hiệu lực.",
      invalid_times: "Thời gian ghi trong mã QR không hợp lệ.",
      wrong_audience: "Mã QR được tạo cho quầy khác. Đề nghị tạo mã cho quầy này.",
      missing_nonce: "Mã QR không trả lời yêu cầu của quầy này.",
      wrong_nonce: "Mã QR không trả lời yêu cầu của quầy này.",
      ttl_too_long: "Mã QR có thời hạn dài hơn mức quầy cho phép.",
      revoked: "Giấy tờ đã bị thu hồi.",
      suspended: "Giấy tờ đang bị tạm dừng.",
      status_list_missing: "Chưa có danh sách thu hồi của nơi cấp nên không kiểm tra được. Cập nhật trong Cài đặt.",
      status_list_expired: "Danh sách thu hồi đã quá hạn. Cập nhật trong Cài đặt.",
      status_index_out_of_range: "Không xác định được tình trạng giấy tờ.",
      unknown_status: "Không xác định được tình trạng giấy tờ.",
      replayed: "Mã QR này đã được quét trước đó. Đề nghị tạo mã mới.",
      replay_cache_full: "Bộ nhớ chống quét lại đã đầy.",
      replay_cache_unavailable: "Không dùng được bộ nhớ chống quét lại.",
      malformed_card_qr: "Không đọc được mã QR trên thẻ.",
    },
  },
  en: {
    title: "ID check", cameraOn: "Camera on", cameraOff: "Camera off", settings: "Settings",
    hintScan: "Scan the QR code with the scanner or hold it to the camera.",
    otherWays: "Other ways: paste the code or pick an image", pasteLabel: "Paste the QR text", check: "Check",
    imageLabel: "Photo or screenshot of a QR code", tapToClear: "Click anywhere or press Esc to clear.",
    audience: "Counter id (audience)", trustList: "Trust list", statusLists: "Status lists (revocation)",
    loadUrl: "Load from address", policyMissing: "When no status list is held", policyExpired: "When the status list has expired",
    reject: "Reject", warn: "Accept with a warning", verdictSecs: "Clear the result after (seconds)",
    replayMemory: "Replay memory", save: "Save", close: "Close",
    valid: "VALID", invalid: "NOT VALID", unsigned: "UNSIGNED", scanAgain: "SCAN AGAIN",
    unsignedReason: "The QR printed on a chip ID card carries no signature: anyone can print one. Compare with the card itself.",
    issuer: "Issuer", validFor: (s) => `Code valid for ${clock(s)}`, expiredNow: "Code expired",
    statusWarning: "Warning: revocation status not confirmed",
    noTrust: "No trust list", trustCount: (n) => `Trusted: ${n} key(s)`,
    noStatus: "No status list", statusAge: (a) => `Status: updated ${a} ago`,
    statusStale: (a) => `Status: stale (${a})`, ago: agoEn, entries: (n) => `${n} entries`,
    staleWarn: "refresh overdue: update it", expiredWarn: "EXPIRED",
    cameraFps: (f) => `camera: ${f.toFixed(1)} decoded frames per second`, cameraError: "The camera could not be opened",
    yes: "Yes", no: "No", male: "Male", female: "Female", other: "Other",
    cardFields: { idNumber: "ID number", oldIdNumber: "Old ID number", fullName: "Full name", dateOfBirth: "Date of birth", sex: "Sex", address: "Address", issueDate: "Issued on" },
    claims: {
      full_name: "Full name", id_number: "Personal ID number", date_of_birth: "Date of birth", sex: "Sex",
      nationality: "Nationality", place_of_residence: "Place of residence", place_of_origin: "Place of origin",
      ethnicity: "Ethnicity", religion: "Religion", card_issue_date: "Card issued on", card_expiry_date: "Card valid until",
    },
    ageOver: (n) => `Aged ${n} or over`,
    reasons: {
      input_method: "A Vietnamese input method (Unikey/EVKey) is on, so the scanner's text was changed. Switch the keyboard to English (E) and scan again.",
      no_trust_list: "No trust list is loaded. Open Settings to load one.",
      not_a_presentation: "This is not an e-ID presentation QR code.",
      unreadable_qr: "The QR code could not be read. Scan again.",
      malformed: "The QR code is malformed.",
      unknown_issuer: "The issuer is not on the trust list.",
      issuer_mismatch: "The issuer does not match the trust list.",
      bad_issuer_signature: "The issuer's signature is invalid: possibly forged.",
      bad_holder_signature: "The QR code was altered or not made by the holder's phone.",
      digest_mismatch: "The data in the QR code was altered.",
      expired: "The QR code has expired. Ask for a new one.",
      not_yet_valid: "The QR code is not valid yet: the phone's or this computer's clock is wrong.",
      credential_expired: "The ID credential has expired.",
      credential_not_yet_valid: "The ID credential is not valid yet.",
      invalid_times: "The times in the QR code are inconsistent.",
      wrong_audience: "This QR code was made for another counter. Ask for one for this counter.",
      missing_nonce: "The QR code does not answer this counter's request.",
      wrong_nonce: "The QR code does not answer this counter's request.",
      ttl_too_long: "The QR code is valid for longer than this counter accepts.",
      revoked: "The credential has been revoked.",
      suspended: "The credential is suspended.",
      status_list_missing: "No status list from this issuer is loaded, so revocation cannot be checked. Update it in Settings.",
      status_list_expired: "The status list has expired. Update it in Settings.",
      status_index_out_of_range: "The credential's status cannot be determined.",
      unknown_status: "The credential's status cannot be determined.",
      replayed: "This QR code was already scanned. Ask for a new one.",
      replay_cache_full: "The replay memory is full.",
      replay_cache_unavailable: "The replay memory cannot be used.",
      malformed_card_qr: "The card's QR code could not be read.",
    },
  },
};

function clock(secs) {
  const s = Math.max(0, Math.floor(secs));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function agoVi(secs) {
  if (secs < 90) return `${Math.max(0, Math.round(secs))} giây`;
  if (secs < 5400) return `${Math.round(secs / 60)} phút`;
  if (secs < 129600) return `${Math.round(secs / 3600)} giờ`;
  return `${Math.round(secs / 86400)} ngày`;
}

function agoEn(secs) {
  if (secs < 90) return `${Math.max(0, Math.round(secs))} s`;
  if (secs < 5400) return `${Math.round(secs / 60)} min`;
  if (secs < 129600) return `${Math.round(secs / 3600)} h`;
  return `${Math.round(secs / 86400)} days`;
}
