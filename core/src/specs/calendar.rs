//! The calendar half of moment.js parsing (`configFromArray`, `dayOfYearFromWeekInfo`,
//! `checkOverflow`): parsed parts, defaults, week dates, overflow checks, UTC milliseconds.
//!
//! Day arithmetic is proleptic Gregorian on day numbers (Howard Hinnant's algorithms), which
//! is what `Date.UTC` computes for the years moment accepts.

use super::dates::{Moment, MAX_DATE_MS};

/// Parsed parts, `None` when absent (moment's `_a`, `_w`, `_dayOfYear`, `_tzm`).
#[derive(Default)]
pub(super) struct Parts {
    pub(super) year: Option<i64>,
    pub(super) month: Option<i64>,
    pub(super) day: Option<i64>,
    pub(super) hour: Option<i64>,
    pub(super) minute: Option<i64>,
    pub(super) second: Option<i64>,
    pub(super) ms: Option<i64>,
    pub(super) day_of_year: Option<i64>,
    pub(super) offset_minutes: Option<i64>,
    pub(super) week_year: Option<i64>,
    pub(super) week: Option<i64>,
    pub(super) weekday: Option<i64>,
    pub(super) iso_week_year: Option<i64>,
    pub(super) iso_week: Option<i64>,
    pub(super) iso_weekday: Option<i64>,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    // m is 1-based; proleptic Gregorian (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_year(y: i64) -> i64 {
    if is_leap(y) {
        366
    } else {
        365
    }
}

fn days_in_month(y: i64, m0: i64) -> i64 {
    match m0 {
        1 if is_leap(y) => 29,
        1 => 28,
        3 | 5 | 8 | 10 => 30,
        _ => 31,
    }
}

/// Day of the week of a day number (0 = Sunday).
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

fn first_week_offset(year: i64, dow: i64, doy: i64) -> i64 {
    let fwd = 7 + dow - doy;
    let fwdlw = (7 + weekday(days_from_civil(year, 1, fwd)) - dow) % 7;
    -fwdlw + fwd - 1
}

fn weeks_in_year(year: i64, dow: i64, doy: i64) -> i64 {
    (days_in_year(year) - first_week_offset(year, dow, doy) + first_week_offset(year + 1, dow, doy)) / 7
}

fn day_of_year_from_weeks(year: i64, week: i64, wd: i64, dow: i64, doy: i64) -> (i64, i64) {
    let local = (7 + wd - dow).rem_euclid(7);
    let day = 1 + 7 * (week - 1) + local + first_week_offset(year, dow, doy);
    if day <= 0 {
        (year - 1, days_in_year(year - 1) + day)
    } else if day > days_in_year(year) {
        (year + 1, day - days_in_year(year))
    } else {
        (year, day)
    }
}

/// moment's `configFromArray` + `checkOverflow`: defaults, week dates, overflow, UTC millis.
pub(super) fn build(mut p: Parts) -> Option<Moment> {
    let mut clock = false;
    let week_based = [
        p.week_year,
        p.week,
        p.weekday,
        p.iso_week_year,
        p.iso_week,
        p.iso_weekday,
    ]
    .iter()
    .any(Option::is_some);
    if week_based && p.day.is_none() && p.month.is_none() {
        let iso = p.iso_week_year.is_some() || p.iso_week.is_some() || p.iso_weekday.is_some();
        let (dow, doy, year, week, wd, wd_ok) = if iso {
            let wd = p.iso_weekday.unwrap_or(1);
            (
                1,
                4,
                p.iso_week_year.or(p.year),
                p.iso_week.or(Some(1)),
                wd,
                (1..=7).contains(&wd),
            )
        } else {
            let wd = p.weekday.unwrap_or(0);
            (0, 6, p.week_year.or(p.year), p.week, wd, (0..=6).contains(&wd))
        };
        clock |= year.is_none() || week.is_none();
        let (year, week) = (year.unwrap_or(1970), week.unwrap_or(1));
        if week < 1 || week > weeks_in_year(year, dow, doy) || !wd_ok {
            return None;
        }
        let (y, d) = day_of_year_from_weeks(year, week, wd, dow, doy);
        p.year = Some(y);
        p.day_of_year = Some(d);
    }
    if let Some(doy) = p.day_of_year {
        let year = p.year.unwrap_or(1970);
        clock |= p.year.is_none();
        if doy > days_in_year(year) || doy == 0 {
            return None;
        }
        let days = days_from_civil(year, 1, 1) + doy - 1;
        let (_, m, d) = civil_from_days(days);
        p.month = Some(m - 1);
        p.day = Some(d);
    }
    // Leading missing parts come from today, later ones default to their minimum.
    if p.year.is_none() {
        clock = true;
        if p.month.is_none() && p.day.is_none() {
            (p.month, p.day) = (Some(0), Some(1));
        } else if p.month.is_none() {
            p.month = Some(0);
        }
    }
    let year = p.year.unwrap_or(1970);
    let month = p.month.unwrap_or(0);
    let day = p.day.unwrap_or(1);
    let (hour, minute, second, ms) = (
        p.hour.unwrap_or(0),
        p.minute.unwrap_or(0),
        p.second.unwrap_or(0),
        p.ms.unwrap_or(0),
    );
    let overflow = !(0..=11).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || !(0..=24).contains(&hour)
        || (hour == 24 && (minute != 0 || second != 0 || ms != 0))
        || !(0..=59).contains(&minute)
        || !(0..=59).contains(&second)
        || !(0..=999).contains(&ms);
    if overflow {
        return None;
    }
    let days = days_from_civil(year, month + 1, day);
    let millis = (days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms) as f64
        - p.offset_minutes.unwrap_or(0) as f64 * 60_000.0;
    (millis.abs() <= MAX_DATE_MS).then_some(Moment {
        millis,
        clock_dependent: clock,
    })
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::super::dates::{parse, DateFormat, DateInput};

    fn ms(format: &str, input: &str) -> Option<f64> {
        let f = DateFormat::by_name(format).unwrap();
        parse(f, &DateInput::Text(input)).map(|m| m.millis)
    }

    #[test]
    fn week_dates() {
        // en locale: week 1 holds Jan 1st, weeks start on Sunday; 2020-01-01 is a Wednesday.
        assert_eq!(
            ms("strict_weekyear_week_day", "2020013"),
            ms("strict_date", "2020-01-01")
        );
        assert_eq!(ms("strict_week_date", "2020-W01-0"), ms("strict_date", "2019-12-29"));
        assert_eq!(ms("strict_week_date", "2020-W01-7"), None);
        assert_eq!(ms("strict_weekyear_week", "202054"), None);
    }

    #[test]
    fn civil_days_round_trip() {
        for days in [-719_468, -1, 0, 59, 18_262, 2_932_896] {
            let (y, m, d) = super::civil_from_days(days);
            assert_eq!(super::days_from_civil(y, m, d), days);
        }
        assert_eq!(super::civil_from_days(18_262), (2020, 1, 1));
    }
}
