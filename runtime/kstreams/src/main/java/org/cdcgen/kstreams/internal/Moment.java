package org.cdcgen.kstreams.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instant at full precision: seconds since 1970-01-01T00:00:00Z and the decimal fraction of
 * the second as written (digits, trailing zeros removed), so any number of fraction digits
 * compares exactly, as the topology's "timestamps compare as instants at full precision" says.
 */
record Moment(long seconds, String fraction) implements Comparable<Moment> {

    // yyyy-MM-dd, T|t|space, HH:mm:ss, optional fraction, offset Z|z|+hh:mm|+hhmm|+hh.
    private static final Pattern ISO = Pattern.compile(
            "([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?"
                    + "(?:[Zz]|([+-])([0-9]{2})(?::?([0-9]{2}))?)");

    // The fraction of a whole millisecond, trailing zeros removed: "", "5", "05", "123", ...
    private static final String[] MILLIS = new String[1000];

    static {
        for (int i = 0; i < 1000; i++) {
            MILLIS[i] = strip(String.valueOf(1000 + i).substring(1));
        }
    }

    static Moment ofEpochMillis(long ms) {
        return new Moment(Math.floorDiv(ms, 1000L), MILLIS[(int) Math.floorMod(ms, 1000L)]);
    }

    /** An ISO-8601 date-time with offset, or null when the text is no such instant. */
    static Moment parseIso(String s) {
        Matcher m = ISO.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int y = Integer.parseInt(m.group(1));
        int mo = Integer.parseInt(m.group(2));
        int d = Integer.parseInt(m.group(3));
        int h = Integer.parseInt(m.group(4));
        int mi = Integer.parseInt(m.group(5));
        int se = Integer.parseInt(m.group(6));
        if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) {
            return null;
        }
        int offset = 0;
        if (m.group(8) != null) {
            int oh = Integer.parseInt(m.group(9));
            int om = m.group(10) == null ? 0 : Integer.parseInt(m.group(10));
            if (oh > 23 || om > 59) {
                return null;
            }
            offset = (m.group(8).equals("-") ? -1 : 1) * (oh * 3600 + om * 60);
        }
        long sec = daysFromCivil(y, mo, d) * 86400L + h * 3600L + mi * 60L + se - offset;
        return new Moment(sec, strip(m.group(7) == null ? "" : m.group(7)));
    }

    private static String strip(String digits) {
        int n = digits.length();
        while (n > 0 && digits.charAt(n - 1) == '0') {
            n--;
        }
        return digits.substring(0, n);
    }

    private static int daysInMonth(int y, int m) {
        boolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return switch (m) {
            case 2 -> leap ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    // Days from 1970-01-01 in the proleptic Gregorian calendar (Hinnant's days_from_civil).
    private static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    @Override
    public int compareTo(Moment o) {
        if (seconds != o.seconds) {
            return seconds < o.seconds ? -1 : 1;
        }
        int n = Math.max(fraction.length(), o.fraction.length());
        for (int i = 0; i < n; i++) {
            char a = i < fraction.length() ? fraction.charAt(i) : '0';
            char b = i < o.fraction.length() ? o.fraction.charAt(i) : '0';
            if (a != b) {
                return a < b ? -1 : 1;
            }
        }
        return 0;
    }
}
