//! `gen_locale(field, locale)`: names, places and numbers as they look in one of eight locales.

use super::pick;
use crate::HostRng;
use crate::dist::int_n;
use std::fmt::Write;

struct Locale {
    codes: &'static [&'static str],
    first: &'static [&'static str],
    last: &'static [&'static str],
    cities: &'static [&'static str],
    streets: &'static [&'static str],
    /// Family name first (East Asian order, no space in CJK scripts).
    family_first: Option<&'static str>,
    phone: &'static str,
    zip: &'static str,
}

const LOCALES: &[Locale] = &[
    Locale {
        codes: &["en_us", "en-us", "en", "us"],
        first: &["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Emily"],
        last: &["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Moore"],
        cities: &["New York", "Chicago", "Houston", "Phoenix", "Seattle", "Denver", "Boston", "Atlanta", "Portland"],
        streets: &["Main Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Park Road", "Elm Street"],
        family_first: None,
        phone: "(###) ###-####",
        zip: "#####",
    },
    Locale {
        codes: &["ja_jp", "ja-jp", "ja", "jp"],
        first: &["太郎", "花子", "翔太", "美咲", "健太", "陽菜", "大輔", "さくら", "蓮", "結衣"],
        last: &["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"],
        cities: &["東京", "大阪", "横浜", "名古屋", "札幌", "福岡", "神戸", "京都", "仙台", "広島"],
        streets: &["中央通り", "本町", "栄町", "桜通り", "駅前通り", "新町"],
        family_first: Some(""),
        phone: "0#0-####-####",
        zip: "###-####",
    },
    Locale {
        codes: &["de_de", "de-de", "de"],
        first: &["Lukas", "Anna", "Leon", "Sophie", "Jonas", "Marie", "Felix", "Lena", "Maximilian", "Johanna"],
        last: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
        ],
        cities: &["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig"],
        streets: &["Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße"],
        family_first: None,
        phone: "0### #######",
        zip: "#####",
    },
    Locale {
        codes: &["fr_fr", "fr-fr", "fr"],
        first: &["Gabriel", "Louise", "Léo", "Jade", "Raphaël", "Emma", "Arthur", "Chloé", "Hugo", "Léa"],
        last: &["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"],
        cities: &["Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux"],
        streets: &["Rue de la Paix", "Avenue des Champs", "Rue Victor Hugo", "Boulevard Saint-Michel", "Rue Pasteur"],
        family_first: None,
        phone: "0# ## ## ## ##",
        zip: "#####",
    },
    Locale {
        codes: &["es_es", "es-es", "es"],
        first: &["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "María", "Daniel", "Paula", "Alejandro", "Carmen"],
        last: &["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez"],
        cities: &["Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Bilbao", "Alicante", "Córdoba"],
        streets: &["Calle Mayor", "Gran Vía", "Calle del Sol", "Avenida de la Constitución", "Calle Real"],
        family_first: None,
        phone: "6## ### ###",
        zip: "#####",
    },
    Locale {
        codes: &["pt_br", "pt-br", "pt", "br"],
        first: &["Miguel", "Helena", "Arthur", "Alice", "Gael", "Laura", "Heitor", "Valentina", "Davi", "Júlia"],
        last: &["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes"],
        cities: &["São Paulo", "Rio de Janeiro", "Brasília", "Salvador", "Fortaleza", "Belo Horizonte", "Manaus"],
        streets: &["Rua das Flores", "Avenida Paulista", "Rua São João", "Avenida Brasil", "Rua XV de Novembro"],
        family_first: None,
        phone: "(##) 9####-####",
        zip: "#####-###",
    },
    Locale {
        codes: &["zh_cn", "zh-cn", "zh", "cn"],
        first: &["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"],
        last: &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"],
        cities: &["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆"],
        streets: &["人民路", "解放路", "中山路", "建设路", "和平路", "长江路"],
        family_first: Some(""),
        phone: "1##-####-####",
        zip: "######",
    },
    Locale {
        codes: &["ko_kr", "ko-kr", "ko", "kr"],
        first: &["민준", "서연", "도윤", "하은", "시우", "지유", "주원", "서윤", "하준", "지우"],
        last: &["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"],
        cities: &["서울", "부산", "인천", "대구", "대전", "광주", "울산", "수원", "창원", "고양"],
        streets: &["세종대로", "테헤란로", "을지로", "종로", "강남대로", "해운대로"],
        family_first: Some(""),
        phone: "010-####-####",
        zip: "#####",
    },
];

pub const FIELDS: &[&str] = &["first_name", "last_name", "name", "city", "street", "phone", "zip", "address"];

fn numerify(r: &mut HostRng, template: &str, out: &mut String) {
    out.extend(template.chars().map(|c| if c == '#' { (b'0' + int_n(r, 10) as u8) as char } else { c }));
}

/// One (field, locale)'s generator.
pub type LocaleGen = Box<dyn Fn(&mut HostRng) -> String>;

/// The generator for one (field, locale), checked once per call.
pub fn gen_locale(field: &str, locale: &str) -> Result<LocaleGen, String> {
    let code = locale.trim().to_ascii_lowercase();
    let l = LOCALES.iter().find(|l| l.codes.contains(&code.as_str())).ok_or_else(|| {
        let known: Vec<&str> = LOCALES.iter().map(|l| l.codes[0]).collect();
        format!("unknown locale {locale:?}; known: {}", known.join(", "))
    })?;
    let field = field.trim().to_ascii_lowercase();
    if !FIELDS.contains(&field.as_str()) {
        return Err(format!("unknown field {field:?}; known: {}", FIELDS.join(", ")));
    }
    Ok(Box::new(move |r: &mut HostRng| {
        let mut out = String::new();
        match field.as_str() {
            "first_name" => out.push_str(pick(r, l.first)),
            "last_name" => out.push_str(pick(r, l.last)),
            "name" => {
                let (f, s) = (pick(r, l.first), pick(r, l.last));
                match l.family_first {
                    Some(sep) => {
                        let _ = write!(out, "{s}{sep}{f}");
                    }
                    None => {
                        let _ = write!(out, "{f} {s}");
                    }
                }
            }
            "city" => out.push_str(pick(r, l.cities)),
            "street" => {
                let (s, n) = (pick(r, l.streets), 1 + int_n(r, 200));
                if l.family_first.is_some() {
                    let _ = write!(out, "{s}{n}");
                } else {
                    let _ = write!(out, "{s} {n}");
                }
            }
            "phone" => numerify(r, l.phone, &mut out),
            "zip" => numerify(r, l.zip, &mut out),
            _ => {
                let (s, n, c) = (pick(r, l.streets), 1 + int_n(r, 200), pick(r, l.cities));
                let mut zip = String::new();
                numerify(r, l.zip, &mut zip);
                if l.family_first.is_some() {
                    let _ = write!(out, "{zip} {c}{s}{n}");
                } else {
                    let _ = write!(out, "{s} {n}, {zip} {c}");
                }
            }
        }
        out
    }))
}
