package io.tlsinspect.reports.model;

import java.util.List;

/**
 * The answer, shared by text and HTML: plain sentences leading from the symptom to its cause.
 * {@code headline} is the one-line verdict; {@code sentences} follow in reading order.
 */
public record Diagnosis(String headline, List<String> sentences) {
    public Diagnosis {
        sentences = List.copyOf(sentences);
    }
}
