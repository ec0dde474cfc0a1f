use super::detect::*;
use super::tcvn3::*;
use super::vni::*;
use super::*;

/// A ward's report: administrative prose with capitals, `ư ơ đ Đ` and
/// every tone on every kind of vowel.
const REPORT: &str = "Ủy ban nhân dân phường Lam Sơn báo cáo kết quả thực hiện \
    công tác cải cách hành chính quý III năm 2023 như sau. Thực hiện Kế hoạch \
    số 15/KH-UBND ngày 20 tháng 01 năm 2023 của Ủy ban nhân dân thành phố về cải \
    cách hành chính, Đảng ủy và Ủy ban nhân dân phường đã chỉ đạo các bộ phận \
    chuyên môn triển khai đầy đủ những nhiệm vụ được giao. Công tác tuyên truyền \
    được đẩy mạnh qua hệ thống loa truyền thanh, trang thông tin điện tử và các \
    buổi họp tổ dân phố. Trong quý, bộ phận “một cửa” đã tiếp nhận 1.245 hồ sơ, \
    giải quyết đúng hạn 1.238 hồ sơ, đạt tỷ lệ 99,4%; không có hồ sơ quá hạn gây \
    phiền hà cho người dân. Việc ứng dụng công nghệ thông tin tiếp tục được quan \
    tâm: tỷ lệ hồ sơ trực tuyến toàn trình đạt 62%, tăng 8% so với cùng kỳ năm \
    trước. Ông Nguyễn Văn Hùng, Chủ tịch Ủy ban nhân dân phường, đã trực tiếp đối \
    thoại với nhân dân tại hai khu phố, lắng nghe ý kiến phản ánh về thủ tục đất \
    đai, hộ tịch và chứng thực. Ở một số lĩnh vực, việc niêm yết thủ tục còn \
    chậm; cán bộ chưa thật sự chủ động hướng dẫn người dân sử dụng dịch vụ công \
    trực tuyến. Những hạn chế này đã được chấn chỉnh kịp thời. Ổn định tình hình \
    an ninh, trật tự ở khu dân cư vẫn được giữ vững. Để nâng cao chất lượng phục \
    vụ, trong quý IV năm 2023 phường sẽ tập trung rà soát, đơn giản hóa thủ tục, \
    bồi dưỡng kỹ năng giao tiếp cho đội ngũ công chức, đồng thời tăng cường kiểm \
    tra, giám sát việc thực hiện kỷ luật, kỷ cương hành chính. Ưu tiên bố trí cán \
    bộ có năng lực, sẵn sàng phục vụ nhân dân vào ngày thứ Bảy hằng tuần. Ủy ban \
    nhân dân phường khẳng định quyết tâm hoàn thành kế hoạch năm và đề nghị Văn \
    phòng Ủy ban nhân dân thành phố tiếp tục hỗ trợ kinh phí nâng cấp trang thiết \
    bị, đường truyền và phần mềm quản lý văn bản – nhất là ở bộ phận tiếp nhận \
    của phường và ở huyện lỵ. Ấn định thời hạn gửi báo cáo trước ngày 25 hằng \
    tháng. Ý kiến đóng góp xin gửi về Văn phòng Ủy ban nhân dân phường trước ngày \
    15 tháng 10 năm 2023. Nơi nhận: Thường trực Đảng ủy phường; Ủy ban Mặt trận \
    Tổ quốc Việt Nam phường; các tổ dân phố; lưu: VT.";

/// The bytes of text shown as Windows-1252 characters (how legacy text
/// looks in a font that is not the legacy one).
fn win1252(shown: &str) -> Vec<u8> {
    assert!(shown.chars().all(|c| cp1252_byte(c).is_some()), "{shown}");
    shown.chars().filter_map(cp1252_byte).collect()
}

/// The text as an old TCVN3 file gives it back: toned capitals, typed in
/// an all-capitals font over the lowercase bytes, come out lowercase.
fn tcvn3_holdable(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let held = tcvn3_byte(c).is_some() || !c.is_uppercase();
            let lower = c.to_lowercase();
            held.then_some(c)
                .into_iter()
                .chain(lower.filter(move |_| !held))
        })
        .collect()
}

/// Every Vietnamese letter: 12 vowels × 6 tones in both cases, and đ Đ.
fn all_letters() -> Vec<char> {
    let mut letters = vec!['đ', 'Đ'];
    for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".chars() {
        letters.push(vowel);
        for tone in ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'] {
            let composed: Vec<char> = [vowel, tone].into_iter().nfc().collect();
            assert_eq!(composed.len(), 1, "{vowel} {tone:?}");
            letters.extend(composed);
        }
    }
    letters
}

#[test]
fn display_names() {
    assert_eq!(Legacy::Tcvn3.to_string(), "TCVN3");
    assert_eq!(Legacy::Vni.to_string(), "VNI-Windows");
}

#[test]
fn tcvn3_decodes_the_national_motto() {
    let cases = [
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("n¨m", "năm"),
        ("ng\u{AD}êi", "người"),
        ("cña", "của"),
        ("vµ", "và"),
        ("¡ ¢ £ ¤ ¥ ¦ §", "Ă Â Ê Ô Ơ Ư Đ"),
    ];
    for (shown, text) in cases {
        assert_eq!(decode_tcvn3(&win1252(shown)), text);
        assert_eq!(encode_tcvn3(text), win1252(shown));
    }
}

#[test]
fn tcvn3_table_is_tcvn_5712() {
    // TCVN 5712:1993 (VN1/VN2) at 0xA0–0xFF, as libiconv has it.
    #[rustfmt::skip]
    const CODES: [u32; 96] = [
        0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110,
        0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0,
        0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3,
        0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4,
        0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7,
        0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd,
        0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec,
        0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb, 0x00f2,
        0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7,
        0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9,
        0x1ed6, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef,
        0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
    ];
    let table: Vec<u32> = TCVN3_HIGH.iter().map(|&c| u32::from(c)).collect();
    assert_eq!(table, CODES);
    // VN3: the no-break space, 7 capitals and 67 lowercase letters.
    let vn3: Vec<char> = TCVN3_HIGH
        .iter()
        .enumerate()
        .filter(|&(i, &c)| tcvn3_in_vn3(i, c))
        .map(|(_, &c)| c)
        .collect();
    assert_eq!(vn3.len(), 75);
    assert_eq!(vn3.iter().filter(|c| c.is_lowercase()).count(), 67);
    assert_eq!(vn3.iter().filter(|c| c.is_uppercase()).count(), 7);
}

#[test]
fn tcvn3_holds_every_lowercase_letter_and_no_toned_capital() {
    for c in all_letters() {
        let text = c.to_string();
        let bytes = encode_tcvn3(&text);
        let toned_capital = c.is_uppercase() && parts(c).is_some_and(|p| p.tone.is_some());
        if toned_capital {
            assert_eq!(bytes, b"?", "{c}");
        } else {
            assert_eq!(bytes.len(), 1, "{c}");
            assert_eq!(decode_tcvn3(&bytes), text);
        }
    }
    // Latin-1 symbols sit where TCVN3 has letters.
    assert_eq!(encode_tcvn3("© 5°C «x»"), b"? 5?C ?x?");
}

#[test]
fn tcvn3_bytes_round_trip() {
    // Every byte the encoder writes decodes to a character it writes back.
    for b in (0x00..=0xFF_u8).filter(|b| !TCVN3_C0.iter().any(|c| c.0 == *b)) {
        let c = tcvn3_char(b);
        let index = usize::from(b.wrapping_sub(0xA0));
        let vn3 = b < 0xA0 || tcvn3_in_vn3(index, c);
        if vn3 {
            assert_eq!(encode_tcvn3(&decode_tcvn3(&[b])), [b], "{b:#04x}");
        }
    }
}

#[test]
fn tcvn3_reads_the_fuller_tables() {
    // VN1 capitals among the controls, VN2 capitals in VN3's gaps,
    // VN2 combining tone marks; tab and new lines stay.
    assert_eq!(decode_tcvn3(b"\x01y \x16 \x17"), "Úy Ý Ỵ");
    assert_eq!(decode_tcvn3(b"\xC4p \xDBng \xFFc"), "Ấp Ồng Ốc");
    assert_eq!(decode_tcvn3(b"a\xB3 \xA9\xB4 \xB0"), "á ậ \u{300}");
    assert_eq!(decode_tcvn3(b"a\tb\r\nc"), "a\tb\r\nc");
    // Windows-1252 punctuation at 0x80–0x9F.
    assert_eq!(decode_tcvn3(b"\x93x\x94 \x96 \x85"), "“x” – …");
    assert_eq!(encode_tcvn3("“x” – … €"), b"\x93x\x94 \x96 \x85 \x80");
}

#[test]
fn vni_decodes_the_national_motto() {
    let cases = [
        ("Vieät Nam", "Việt Nam"),
        ("ñoäc laäp", "độc lập"),
        ("Coäng hoøa", "Cộng hòa"),
        ("ngöôøi", "người"),
        ("naêm", "năm"),
        ("cuûa", "của"),
        ("vaø", "và"),
        ("COÄNG HOØA", "CỘNG HÒA"),
        ("ÑOÄC LAÄP", "ĐỘC LẬP"),
        (
            "COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        (
            "Ñoäc laäp - Töï do - Haïnh phuùc",
            "Độc lập - Tự do - Hạnh phúc",
        ),
        ("UÛy ban nhaân daân", "Ủy ban nhân dân"),
        ("UÛY BAN NHAÂN DAÂN", "ỦY BAN NHÂN DÂN"),
        ("ÔÛ ÖÙng Ñaûng", "Ở Ứng Đảng"),
        (
            "lónh vöïc, kyû luaät, huyeän lî",
            "lĩnh vực, kỷ luật, huyện lỵ",
        ),
    ];
    for (shown, text) in cases {
        assert_eq!(decode_vni(&win1252(shown)), text);
        assert_eq!(encode_vni(text), win1252(shown));
    }
}

#[test]
fn vni_holds_every_letter() {
    for c in all_letters() {
        let text = c.to_string();
        let bytes = encode_vni(&text);
        assert!(!bytes.contains(&b'?'), "{c}");
        assert_eq!(decode_vni(&bytes), text, "{c}");
    }
}

#[test]
fn vni_reads_loose_forms_and_stray_marks() {
    // A tone after a bare circumflex or breve; marks of the other case.
    assert_eq!(decode_vni(&win1252("aâù eâÕ aêï")), "ấ ễ ặ");
    assert_eq!(decode_vni(&win1252("Aù aÙ Uûy yï iø")), "Á á Ủy ỵ ì");
    // "uô" is u then ơ, never a horn on the u.
    assert_eq!(decode_vni(&win1252("thuôû")), "thuở");
    // A mark with no vowel to sit on is Windows-1252; so is one a vowel
    // cannot take (no breve on e), and a second tone.
    assert_eq!(decode_vni(&win1252("bø ø eê aùù")), "bø ø eê áù");
    assert_eq!(decode_vni(b"\x93x\x94 \x96"), "“x” –");
}

#[test]
fn vni_cannot_hold_its_own_bytes() {
    assert_eq!(encode_vni("ä ö ñ ø Ñ ü"), b"? ? ? ? ? ?");
    assert_eq!(encode_vni("ç × ß – € 中"), win1252("ç × ß – € ?"));
    assert_eq!(decode_vni(&encode_vni("ç × ß – €")), "ç × ß – €");
}

#[test]
fn encoders_take_decomposed_text() {
    let nfd: String = "Việt Nam, người".nfd().collect();
    assert_eq!(encode_tcvn3(&nfd), encode_tcvn3("Việt Nam, người"));
    assert_eq!(encode_vni(&nfd), encode_vni("Việt Nam, người"));
}

#[test]
fn report_round_trips_through_vni() {
    let bytes = encode_vni(REPORT);
    assert!(!bytes.contains(&b'?'));
    assert_eq!(decode_vni(&bytes), REPORT);
}

#[test]
fn report_round_trips_through_tcvn3_as_old_files_hold_it() {
    let holdable = tcvn3_holdable(REPORT);
    assert_ne!(holdable, REPORT);
    assert!(holdable.starts_with("ủy ban nhân dân phường Lam Sơn"));
    let bytes = encode_tcvn3(&holdable);
    assert!(!bytes.contains(&b'?'));
    assert_eq!(decode_tcvn3(&bytes), holdable);
}

#[test]
fn report_loses_only_toned_capitals_to_tcvn3() {
    let lost: String = REPORT
        .chars()
        .map(|c| if tcvn3_byte(c).is_some() { c } else { '?' })
        .collect();
    let missing: String = REPORT
        .chars()
        .filter(|&c| tcvn3_byte(c).is_none())
        .collect();
    assert_eq!(missing, "ỦỦỦỦỞỔỦỦẤÝỦỦ");
    assert_eq!(decode_tcvn3(&encode_tcvn3(REPORT)), lost);
}

#[test]
fn outputs_are_nfc_and_nothing_panics() {
    let mut bytes: Vec<u8> = (0..=0xFF).collect();
    for a in 0..=0xFF_u8 {
        for b in [b'a', b'O', 0xE2, 0xC2, 0xF4, 0xD6, 0xF9, 0xD9, 0xB3, 0xA9] {
            bytes.extend([a, b, a]);
        }
    }
    for text in [decode_tcvn3(&bytes), decode_vni(&bytes)] {
        assert!(unicode_normalization::is_nfc(&text));
        // Every decoded text encodes without panicking.
        let _ = (encode_tcvn3(&text), encode_vni(&text));
    }
    let _ = detect(&bytes);
    assert_eq!(decode_tcvn3(b""), "");
    assert_eq!(decode_vni(b""), "");
    assert_eq!(detect(b""), None);
    let odd: String = (0..0x3000)
        .filter_map(char::from_u32)
        .chain(['\u{1F600}', '\u{10FFFF}'])
        .collect();
    let _ = (encode_tcvn3(&odd), encode_vni(&odd));
}

#[test]
fn detects_the_report_in_each_form() {
    assert_eq!(detect(REPORT.as_bytes()), None);
    assert_eq!(detect(&encode_vni(REPORT)), Some(Legacy::Vni));
    assert_eq!(detect(&encode_tcvn3(REPORT)), Some(Legacy::Tcvn3));
    assert_eq!(
        detect(&encode_tcvn3(&tcvn3_holdable(REPORT))),
        Some(Legacy::Tcvn3)
    );
    let nfd: String = REPORT.nfd().collect();
    assert_eq!(detect(nfd.as_bytes()), None);
}

#[test]
fn detects_each_sentence_of_the_report() {
    for sentence in REPORT.split_inclusive(". ") {
        let old = tcvn3_holdable(sentence);
        assert_eq!(detect(sentence.as_bytes()), None, "{sentence}");
        assert_eq!(
            detect(&encode_vni(sentence)),
            Some(Legacy::Vni),
            "{sentence}"
        );
        assert_eq!(
            detect(&encode_tcvn3(&old)),
            Some(Legacy::Tcvn3),
            "{sentence}"
        );
    }
}

#[test]
fn detects_short_headings() {
    let cases = [
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN PHƯỜNG LAM SƠN",
        "Lam Sơn, ngày 05 tháng 9 năm 2023",
    ];
    for text in cases {
        assert_eq!(detect(text.as_bytes()), None, "{text}");
        assert_eq!(detect(&encode_vni(text)), Some(Legacy::Vni), "{text}");
        let old = encode_tcvn3(&tcvn3_holdable(text));
        assert_eq!(detect(&old), Some(Legacy::Tcvn3), "{text}");
    }
    assert_eq!(detect(b"Plain ASCII, no accents."), None);
}

#[test]
fn detects_a_decision_with_capital_headings() {
    let decision = "ỦY BAN NHÂN DÂN\r\nPHƯỜNG LAM SƠN\r\n\r\nQUYẾT ĐỊNH\r\n\
        Về việc thành lập Tổ công tác rà soát thủ tục hành chính\r\n\r\n\
        Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\r\n\
        Xét đề nghị của công chức Văn phòng - Thống kê,\r\n\r\nQUYẾT ĐỊNH:\r\n\
        Điều 1. Thành lập Tổ công tác gồm các ông, bà có tên sau đây.\r\n\
        Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\r\n";
    // Headings typed in an all-capitals ABC font are lowercase bytes.
    let old: String = decision
        .split_inclusive('\n')
        .map(|line| {
            if line == line.to_uppercase() {
                line.to_lowercase()
            } else {
                tcvn3_holdable(line)
            }
        })
        .collect();
    assert!(old.starts_with("ủy ban nhân dân\r\nphường lam sơn"));
    assert_eq!(decode_tcvn3(&encode_tcvn3(&old)), old);
    assert_eq!(decode_vni(&encode_vni(decision)), decision);
    assert_eq!(detect(decision.as_bytes()), None);
    assert_eq!(detect(&encode_vni(decision)), Some(Legacy::Vni));
    assert_eq!(detect(&encode_tcvn3(&old)), Some(Legacy::Tcvn3));
    assert_eq!(detect(&encode_tcvn3(decision)), Some(Legacy::Tcvn3));
}

#[test]
fn scores_syllables() {
    for word in [
        "của", "và", "người", "Việt", "năm", "Nguyễn", "quyết", "giữa", "gì", "khuya", "khuỷu",
        "ngoằn", "thuở", "Đảng", "ỦY", "xoong", "quốc", "được", "huyện", "lỵ",
    ] {
        assert!(is_syllable(word), "{word}");
    }
    for word in [
        "Vieọt",
        "ngửụứi",
        "chđ",
        "hoµ",
        "viưt",
        "năn\u{300}",
        "cáà",
        "hàt",
        "ăm\u{0}",
        "anhh",
        "ênh\u{301}x",
        "coấng",
        "ñ",
    ] {
        assert!(!is_syllable(word), "{word}");
    }
}
