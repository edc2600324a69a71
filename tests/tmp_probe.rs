mod tui_common;
#[test]
fn probe() {
    for (w, h) in [(80u16, 24u16), (120, 40), (160, 50)] {
        let mut hh = cables::tui::harness::Harness::new(cables::archive::Archive::demo(), cables::tui::theme::Theme::role_test(), w, h);
        hh.keys(":").ok();
        let t = hh.text();
        println!("{w}x{h} palette shown: {}", t.contains("palette:"));
    }
}
