package io.tlsinspect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.testkit.RepoFiles;
import org.junit.jupiter.api.Test;

/** The launcher keeps a class-data archive only when its training run exits 0. */
class CdsTrainingTest {
    @Test
    void theSampleFleetTrainsInEveryFormat() {
        String fleet = RepoFiles.root().resolve("sample-pcaps/fleet").toString();
        assertThat(CdsTraining.train(new String[] {fleet + "/s1.pcap", fleet + "/s2.pcap", fleet + "/s3.pcap"})).isZero();
    }

    @Test
    void aMissingCaptureFailsTheTraining() {
        assertThat(CdsTraining.train(new String[] {RepoFiles.root().resolve("sample-pcaps/no-such.pcap").toString()}))
                .isNotZero();
    }
}
