package dev.cpuhp.cli.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell's lexer, a small subset of sh's: blanks separate words; single quotes keep
 * everything, double quotes keep all but {@code \"}, {@code \\} and {@code $?}; a backslash
 * outside quotes takes the next character literally; an unquoted {@code >} or {@code >>} is a
 * redirection, a {@code #} starting a word begins a comment, and {@code $?} is the last
 * command's status. Operators this shell does not have ({@code ; | & <}) are refused rather
 * than taken as part of a word, so that {@code echo 0 > cpu3/online; cat online} cannot write
 * somewhere unexpected.
 */
final class ShellWords {
    private ShellWords() {
    }

    /** A word; {@code redirect} for an unquoted {@code >} or {@code >>}. */
    record Word(String text, boolean redirect) {
        static Word of(String text) {
            return new Word(text, false);
        }
    }

    /** The words of a line, or the syntax error that stops it (then words is empty). */
    record Parsed(List<Word> words, String error) {
        boolean ok() {
            return error == null;
        }

        static Parsed error(String message) {
            return new Parsed(List.of(), message);
        }
    }

    static Parsed split(String line, int lastStatus) {
        List<Word> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '?') {
                cur.append(lastStatus);
                inWord = true;
                i++;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$".indexOf(line.charAt(i + 1)) >= 0) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    // sh would join the next line; lines here stand alone, so say so rather than guess
                    return Parsed.error("syntax error: \\ at the end of the line (no continuation lines here)");
                }
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                inWord = flush(out, cur, inWord);
            } else if (c == '>') {
                inWord = flush(out, cur, inWord);
                boolean append = i + 1 < line.length() && line.charAt(i + 1) == '>';
                out.add(new Word(append ? ">>" : ">", true));
                if (append) {
                    i++;
                }
            } else if (";|&<`".indexOf(c) >= 0) {
                return Parsed.error("syntax error: '" + c + "' is not supported here (one command per line; quote it to"
                        + " mean the character)");
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            return Parsed.error("unexpected end of line while looking for matching `" + quote + "'");
        }
        flush(out, cur, inWord);
        return new Parsed(out, null);
    }

    private static boolean flush(List<Word> out, StringBuilder cur, boolean inWord) {
        if (inWord) {
            out.add(Word.of(cur.toString()));
            cur.setLength(0);
        }
        return false;
    }
}
