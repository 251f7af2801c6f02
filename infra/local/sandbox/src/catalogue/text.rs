//! Words as the searches see them: lower case, Latin accents folded (`Rós` finds `ros`),
//! apostrophes dropped (`Somethin'` is `somethin`), everything else not alphanumeric a separator
//! (`12"` is `12`, `Soul-Jazz` is `soul` and `jazz`).

fn fold(c: char, out: &mut String) {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'ð' => "d",
        'þ' => "th",
        'œ' => "oe",
        'š' => "s",
        'ž' => "z",
        'ł' => "l",
        c if c.is_alphanumeric() => {
            out.push(c);
            return;
        }
        _ => " ",
    };
    out.push_str(folded);
}

/// The words of `text`, in order, duplicates kept.
pub fn words(text: &str) -> Vec<String> {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c == '\'' || c == '’' {
            continue;
        }
        fold(c, &mut folded);
    }
    folded.split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_accents_and_punctuation() {
        assert_eq!(words("Sigur Rós – Ágætis Byrjun"), ["sigur", "ros", "agaetis", "byrjun"]);
        assert_eq!(words("Somethin' Else"), ["somethin", "else"]);
        assert_eq!(words("techno 12\""), ["techno", "12"]);
        assert_eq!(words("Soul-Jazz, Funk / Soul"), ["soul", "jazz", "funk", "soul"]);
        assert!(words(" - ").is_empty());
    }
}
