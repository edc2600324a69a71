//! The sending post: from the `FM` line (`AMEMBASSY DUSHANBE`) or, where a text has none, from
//! the origin written on the classification line (`DUSHANBE 000050`), to the human form the
//! cablegate site uses (`Embassy Dushanbe`) and the form used inside ids (`DUSHANBE`).

/// A post in both forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// `Embassy The Hague`, `Secretary of State`, `USUN New York`.
    pub human: String,
    /// The id form, if the line gives one: `THEHAGUE`, `STATE`, `USUNNEWYORK`.
    pub id_form: Option<String>,
}

/// Read a `FM` line (without `FM `).
pub fn from_fm(fm: &str) -> Option<Post> {
    let fm = fm.split("//").next().unwrap_or(fm);
    let words: Vec<String> = fm
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_uppercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let (first, rest) = words.split_first()?;
    let place = rest.join(" ");
    let id = |s: &str| Some(s.replace([' ', '-', '\''], ""));
    let post = match first.as_str() {
        "AMEMBASSY" | "USLO" if !place.is_empty() => Post {
            human: format!("Embassy {}", title(&renamed(&place))),
            id_form: id(&place),
        },
        "AMCONSUL" | "AMCONSULATE" if !place.is_empty() => Post {
            human: format!("Consulate {}", title(&renamed(&place))),
            id_form: id(&place),
        },
        "SECSTATE" => Post {
            human: "Secretary of State".into(),
            id_form: id("STATE"),
        },
        "USMISSION" | "USMISSON" if !place.is_empty() => mission(&place),
        "USEU" => Post {
            human: "USEU Brussels".into(),
            id_form: id("BRUSSELS"),
        },
        "USINT" if !place.is_empty() => Post {
            human: format!("US Interests Section {}", title(&place)),
            id_form: id(&place),
        },
        "AIT" => Post {
            human: "American Institute Taiwan, Taipei".into(),
            id_form: id("TAIPEI"),
        },
        "USDEL" if place.starts_with("SECRETARY") => Post {
            human: "US Delegation, Secretary".into(),
            id_form: None,
        },
        "REO" | "RPO" | "IRAN" if !place.is_empty() => {
            let place = place.trim_start_matches("RPO ");
            if first == "REO" {
                Post {
                    human: format!("REO {}", title(place)),
                    id_form: id(place),
                }
            } else {
                Post {
                    human: format!("Iran RPO {}", title(place)),
                    id_form: id(&words.join(" ")),
                }
            }
        }
        _ => return None,
    };
    Some(post)
}

fn mission(place: &str) -> Post {
    let id = place.replace(' ', "");
    let human = match place {
        "USUN NEW YORK" => "USUN New York".to_string(),
        "UNVIE VIENNA" => "UNVIE".to_string(),
        p if p.starts_with("US") && !p.contains(' ') => format!("Mission {p}"),
        p => format!("US Mission {}", title(p)),
    };
    Post {
        human,
        id_form: Some(id),
    }
}

/// The human form for an origin written on the classification line (`THE HAGUE`, `STATE`).
pub fn from_id_origin(written: &str) -> Post {
    let written = written.trim().to_ascii_uppercase();
    let compact = written.replace([' ', '-', '\''], "");
    let human = match compact.as_str() {
        "STATE" | "SECSTATE" => "Secretary of State".to_string(),
        "USUNNEWYORK" => "USUN New York".to_string(),
        "UNVIEVIENNA" => "UNVIE".to_string(),
        "USEUBRUSSELS" => "USEU Brussels".to_string(),
        "USNATO" | "USOSCE" => format!("Mission {compact}"),
        "GENEVA" => "US Mission Geneva".to_string(),
        c if CONSULATES.contains(&c) => format!("Consulate {}", title(&renamed(&written))),
        _ => format!("Embassy {}", title(&renamed(&written))),
    };
    Post {
        human,
        id_form: Some(compact),
    }
}

/// Posts that were consulates (id form).
const CONSULATES: &[&str] = &[
    "ADANA",
    "AMSTERDAM",
    "AUCKLAND",
    "BARCELONA",
    "BELFAST",
    "BORDEAUX",
    "BUSAN",
    "CALCUTTA",
    "CALGARY",
    "CAPETOWN",
    "CASABLANCA",
    "CHENGDU",
    "CHENNAI",
    "CHIANGMAI",
    "CIUDADJUAREZ",
    "CURACAO",
    "DHAHRAN",
    "DUBAI",
    "DURBAN",
    "DUSSELDORF",
    "EDINBURGH",
    "FLORENCE",
    "FRANKFURT",
    "FUKUOKA",
    "GUADALAJARA",
    "GUANGZHOU",
    "GUAYAQUIL",
    "HALIFAX",
    "HAMBURG",
    "HAMILTON",
    "HERMOSILLO",
    "HOCHIMINHCITY",
    "HONGKONG",
    "HYDERABAD",
    "ISTANBUL",
    "JEDDAH",
    "JERUSALEM",
    "JOHANNESBURG",
    "KARACHI",
    "KOLKATA",
    "KRAKOW",
    "LAGOS",
    "LAHORE",
    "LEIPZIG",
    "LYON",
    "MARSEILLE",
    "MATAMOROS",
    "MEDAN",
    "MELBOURNE",
    "MERIDA",
    "MILAN",
    "MONTERREY",
    "MONTREAL",
    "MUMBAI",
    "MUNICH",
    "NAGOYA",
    "NAHA",
    "NAPLES",
    "NOGALES",
    "NUEVOLAREDO",
    "OSAKAKOBE",
    "PERTH",
    "PESHAWAR",
    "PONTADELGADA",
    "QUEBEC",
    "RECIFE",
    "RENNES",
    "RIODEJANEIRO",
    "SAOPAULO",
    "SAPPORO",
    "SHANGHAI",
    "SHENYANG",
    "STPETERSBURG",
    "STRASBOURG",
    "SURABAYA",
    "SYDNEY",
    "THESSALONIKI",
    "TIJUANA",
    "TORONTO",
    "VANCOUVER",
    "VLADIVOSTOK",
    "WINNIPEG",
    "YEKATERINBURG",
];

/// Posts the site lists under a newer name.
fn renamed(place: &str) -> String {
    match place {
        "CALCUTTA" => "KOLKATA".into(),
        "KIEV" => "KYIV".into(),
        p => p.to_string(),
    }
}

/// `BUENOS AIRES` -> `Buenos Aires`, `DAR ES SALAAM` -> `Dar Es Salaam`.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = c == ' ' || c == '-';
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn human(fm: &str) -> String {
        from_fm(fm).map(|p| p.human).unwrap_or_default()
    }

    #[test]
    fn maps_fm_lines_to_site_names() {
        assert_eq!(human("AMEMBASSY DUSHANBE"), "Embassy Dushanbe");
        assert_eq!(human("SECSTATE WASHDC"), "Secretary of State");
        assert_eq!(human("AMCONSUL CALCUTTA"), "Consulate Kolkata");
        assert_eq!(human("USMISSION GENEVA"), "US Mission Geneva");
        assert_eq!(human("USMISSION USNATO"), "Mission USNATO");
        assert_eq!(human("USMISSION USUN NEW YORK"), "USUN New York");
        assert_eq!(human("AMEMBASSY PORT AU PRINCE"), "Embassy Port Au Prince");
        assert_eq!(from_id_origin("ADANA").human, "Consulate Adana");
        assert_eq!(from_id_origin("THE HAGUE").human, "Embassy The Hague");
        assert_eq!(
            from_id_origin("THE HAGUE").id_form.as_deref(),
            Some("THEHAGUE")
        );
    }
}
