/// The closest candidate to `input`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = input.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        if cand == input {
            continue;
        }
        // Case-only differences are the most common slip (resclass vs resClass).
        let score = if cand.to_lowercase() == lowered {
            1.0
        } else {
            strsim::jaro_winkler(&lowered, &cand.to_lowercase())
        };
        if score >= 0.82 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `x`?` as a help text, when there is a close candidate.
pub fn did_you_mean_help<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_case_and_typos() {
        assert_eq!(did_you_mean("resclass", ["resClass", "actParams"]), Some("resClass"));
        assert_eq!(did_you_mean("servce_id", ["service_id", "resource_id"]), Some("service_id"));
        assert_eq!(did_you_mean("zzz", ["service_id"]), None);
    }
}
