//! The TAGS dictionary: code -> meaning, for subject tags, program tags and FIPS 10-4 country
//! codes (the country TAGS of the cables). Written from the State Department's TAGS usage;
//! wording follows PlusD's `Area--Topic` style where it is known.

use crate::cable::data::countries;

/// The meaning of a TAGS code, if known (`PHUM` -> `Human Rights`).
pub fn meaning(code: &str) -> Option<&'static str> {
    let code = code.trim();
    if code.len() == 2 {
        return countries::country(code);
    }
    SUBJECTS
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| SUBJECTS.get(i))
        .map(|(_, m)| *m)
}

/// What kind of code a tag is, by cablemap's rule of thumb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Country,
    Subject,
    Program,
    Person,
    Other,
}

/// Classify a tag: 2 letters -> country, a comma -> person, `K` + 3 letters -> program.
pub fn kind(code: &str) -> TagKind {
    if code.contains(',') {
        TagKind::Person
    } else if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        TagKind::Country
    } else if code.len() == 4 && code.starts_with('K') {
        TagKind::Program
    } else if meaning(code).is_some() {
        TagKind::Subject
    } else {
        TagKind::Other
    }
}

/// Subject and program tags, sorted by code.
static SUBJECTS: &[(&str, &str)] = &[
    ("AADP", "Administration--Automated Data Processing"),
    ("ABLD", "Administration--Buildings and Grounds"),
    ("ABUD", "Administration--Budget Services"),
    ("ACKM", "Administration--Communications, Records and Mail"),
    (
        "ACOA",
        "Administration--Communications Operations and Administration",
    ),
    ("ADCO", "Administration--Diplomatic Courier Operations"),
    ("ADPM", "Administration--Diplomatic Pouch and Mail"),
    ("AEMR", "Administration--Emergency Planning and Evacuation"),
    ("AFIN", "Administration--Financial Management"),
    (
        "AFSI",
        "Administration--Foreign Service Institute and Training",
    ),
    ("AFSN", "Administration--Foreign Service National Personnel"),
    ("AFSP", "Administration--Post Administration"),
    ("AGAO", "Administration--General Accounting Office"),
    ("AINF", "Administration--Information Management Services"),
    ("AINR", "Administration--Intelligence and Research"),
    ("AINT", "Administration--Internet"),
    ("ALOW", "Administration--Allowances"),
    ("AMED", "Administration--Medical Services"),
    ("AMGT", "Administration--Management Operations"),
    ("AMTC", "Administration--Meetings and Conferences"),
    ("ANET", "Administration--Network Operations"),
    (
        "AODE",
        "Administration--Employees Abroad, Private and Official Travel",
    ),
    ("AOMS", "Administration--Operations and Management Support"),
    (
        "AORC",
        "Administration--International Organizations and Conferences",
    ),
    ("APCS", "Administration--Personal Computers"),
    ("APER", "Administration--Personnel"),
    ("ASCH", "Administration--Schools for Dependents"),
    ("ASEC", "Administration--Security"),
    ("ASIG", "Administration--Inspector General"),
    ("BBSR", "Business Services--Business Services Reporting"),
    ("BEXP", "Business Services--Export Promotion"),
    ("BMGT", "Business Services--Management"),
    (
        "BTIO",
        "Business Services--Trade and Investment Opportunities",
    ),
    ("CASC", "Consular Affairs--Assistance to Citizens"),
    ("CFED", "Consular Affairs--Federal Agencies Services"),
    (
        "CJAN",
        "Consular Affairs--Judicial Assistance and Notarials",
    ),
    ("CLOK", "Consular Affairs--Lookout System"),
    ("CMGT", "Consular Affairs--Management"),
    ("CPAS", "Consular Affairs--Passports and Citizenship"),
    ("CVIS", "Consular Affairs--Visas"),
    ("EAGR", "Economic Affairs--Agriculture and Forestry"),
    ("EAID", "Economic Affairs--Foreign Economic Assistance"),
    ("EAIR", "Economic Affairs--Civil Aviation"),
    (
        "ECIN",
        "Economic Affairs--Economic Integration and Cooperation",
    ),
    (
        "ECON",
        "Economic Affairs--Economic Conditions, Trends and Potential",
    ),
    (
        "ECPS",
        "Economic Affairs--Communications and Postal Systems",
    ),
    ("EFIN", "Economic Affairs--Financial and Monetary Affairs"),
    (
        "EFIS",
        "Economic Affairs--Commercial Fishing and Fish Processing",
    ),
    ("EIND", "Economic Affairs--Industry and Manufacturing"),
    ("EINT", "Economic Affairs--Internet and E-Commerce"),
    ("EINV", "Economic Affairs--Investment"),
    ("ELAB", "Economic Affairs--Labor and Employment"),
    ("ELTN", "Economic Affairs--Land Transportation"),
    ("EMIN", "Economic Affairs--Minerals and Metals"),
    ("ENRG", "Economic Affairs--Energy and Power"),
    ("EPET", "Economic Affairs--Petroleum and Natural Gas"),
    ("ETRD", "Economic Affairs--Foreign Trade"),
    ("ETTC", "Economic Affairs--Trade and Technology Controls"),
    ("EUN", "European Union"),
    ("EWWT", "Economic Affairs--Waterborne Transportation"),
    ("IAEA", "International Atomic Energy Agency"),
    ("KAWC", "Atrocities and War Crimes"),
    ("KBIO", "Biological Weapons"),
    ("KCOR", "Corruption"),
    ("KCRM", "Criminal Activity"),
    ("KDEM", "Democratization"),
    ("KFRD", "Fraud"),
    ("KGHG", "Greenhouse Gases"),
    ("KGIC", "Global Issues Coordination"),
    ("KHIV", "HIV/AIDS"),
    ("KIPR", "Intellectual Property Rights"),
    ("KIRF", "International Religious Freedom"),
    ("KISL", "Islamic Affairs"),
    ("KJUS", "Justice and Law Enforcement"),
    ("KMDR", "Media Reaction Reporting"),
    ("KNNP", "Nuclear Non-Proliferation"),
    ("KOCI", "Overseas Citizens Issues"),
    ("KPAO", "Public Affairs Office"),
    ("KPKO", "Peacekeeping Operations"),
    ("KSCA", "Science and Technology Cooperation"),
    ("KSEP", "Scientific and Technological Exchange Program"),
    ("KSUM", "Summit Meetings"),
    ("KTER", "Terrorism"),
    ("KTFN", "Terrorist Financing"),
    ("KTIA", "Trafficking in Arms"),
    ("KTIP", "Trafficking in Persons"),
    ("KUNR", "United Nations Reform"),
    ("KWBG", "West Bank and Gaza"),
    ("KWMN", "Women's Issues"),
    (
        "MARR",
        "Military and Defense Affairs--Military and Defense Arrangements",
    ),
    (
        "MASS",
        "Military and Defense Affairs--Military Assistance and Sales",
    ),
    (
        "MCAP",
        "Military and Defense Affairs--Military Capabilities",
    ),
    (
        "MNUC",
        "Military and Defense Affairs--Military Nuclear Applications",
    ),
    ("MOPS", "Military and Defense Affairs--Military Operations"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("ODIP", "Operations--Diplomatic Privileges and Immunities"),
    ("OEXC", "Operations--Educational and Cultural Exchange"),
    ("OFDP", "Operations--Foreign Diplomats and Property"),
    ("OIIP", "Operations--International Information Programs"),
    ("OPDC", "Operations--Diplomatic Correspondence"),
    ("OPRC", "Operations--Press Relations and Coverage"),
    ("OREP", "Operations--Congressional Travel"),
    (
        "OSCE",
        "Organization for Security and Co-operation in Europe",
    ),
    ("OSCI", "Operations--Science Grants and Exchanges"),
    ("OTRA", "Operations--Travel"),
    ("OVIP", "Operations--Visits of Important Persons"),
    ("PARM", "Political Affairs--Arms Controls and Disarmament"),
    (
        "PBTS",
        "Political Affairs--Boundaries and Territorial Sovereignty",
    ),
    ("PEPR", "Political Affairs--External Policy and Relations"),
    (
        "PGOV",
        "Political Affairs--Government; Internal Governmental Affairs",
    ),
    ("PHSA", "Political Affairs--High Seas Affairs"),
    ("PHUM", "Political Affairs--Human Rights"),
    ("PINR", "Political Affairs--Intelligence"),
    ("PINS", "Political Affairs--National Security"),
    (
        "PNAT",
        "Political Affairs--National Independence and Nationality",
    ),
    ("PREF", "Political Affairs--Refugees"),
    ("PREL", "Political Affairs--External Political Relations"),
    (
        "PROP",
        "Political Affairs--Propaganda and Psychological Operations",
    ),
    ("PTER", "Political Affairs--Terrorists and Terrorism"),
    ("SCUL", "Social Affairs--Cultural Affairs"),
    ("SENV", "Social Affairs--Environmental Affairs"),
    ("SMIG", "Social Affairs--Migration"),
    ("SNAR", "Social Affairs--Narcotics"),
    ("SOCI", "Social Affairs--Social Conditions"),
    (
        "TBIO",
        "Technology and Science--Biological and Medical Sciences",
    ),
    ("TINT", "Technology and Science--Internet Technology"),
    (
        "TNGD",
        "Technology and Science--Engineering Research and Development",
    ),
    ("TPHY", "Technology and Science--Physical Sciences"),
    ("TRGY", "Technology and Science--Energy Technology"),
    ("TSPA", "Technology and Science--Space Activities"),
    (
        "TSPL",
        "Technology and Science--Science and Technology Policy",
    ),
    ("UNGA", "United Nations General Assembly"),
    ("UNSC", "United Nations Security Council"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_known_codes_resolve() {
        assert!(SUBJECTS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(meaning("PHUM"), Some("Political Affairs--Human Rights"));
        assert_eq!(meaning("KTIP"), Some("Trafficking in Persons"));
        assert_eq!(meaning("TI"), Some("Tajikistan"));
        assert_eq!(meaning("XXXX"), None);
        assert_eq!(kind("TI"), TagKind::Country);
        assert_eq!(kind("KTIP"), TagKind::Program);
    }
}
