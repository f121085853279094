package io.manimvideo.operator.parts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.manimvideo.api.Phase;
import io.manimvideo.operator.workload.RenderProgress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PartsTest {
    private final RenderParts unequal =
            new RenderParts(List.of(new RenderParts.Range(0, 5, 30), new RenderParts.Range(6, 7, 10)));

    private static RenderProgress at(int percent) {
        return new RenderProgress(Phase.RENDERING, percent);
    }

    @Test
    void progressIsOneFigureWeightedByEachPartsLength() {
        assertThat(PartsProgress.of(unequal, Arrays.asList(null, null))).isZero();
        assertThat(PartsProgress.of(unequal, List.of(at(50), at(0)))).isEqualTo(37);
        assertThat(PartsProgress.of(unequal, List.of(at(0), at(100)))).isEqualTo(25);
        assertThat(PartsProgress.of(unequal, List.of(at(100), at(99)))).isEqualTo(99);
        assertThat(PartsProgress.of(unequal, List.of(at(100), at(100)))).isEqualTo(100);
    }

    @Test
    void partsWithoutAnEstimateWeighTheSame() {
        RenderParts unknown = new RenderParts(List.of(new RenderParts.Range(0, 0, 0), new RenderParts.Range(1, 1, 0)));
        assertThat(PartsProgress.of(unknown, Arrays.asList(at(100), null))).isEqualTo(50);
    }

    @Test
    void partsFollowEachOtherFromTheFirstAnimation() {
        assertThat(unequal.wire()).isEqualTo("0-5,6-7");
        assertThatThrownBy(
                        () -> new RenderParts(List.of(new RenderParts.Range(0, 2, 1), new RenderParts.Range(4, 5, 1))))
                .hasMessageContaining("follow");
        assertThatThrownBy(
                        () -> new RenderParts(List.of(new RenderParts.Range(1, 2, 1), new RenderParts.Range(3, 5, 1))))
                .hasMessageContaining("animation 0");
        assertThatThrownBy(() -> new RenderParts(List.of(new RenderParts.Range(0, 2, 1))))
                .hasMessageContaining("two parts");
    }

    @Test
    void parallelismIsBoundedByThePartsThePerJobMaximumAndTheFreeSlots() {
        assertThat(PartsParallelism.of(4, 8, 8)).isEqualTo(4);
        assertThat(PartsParallelism.of(4, 2, 8)).isEqualTo(2);
        assertThat(PartsParallelism.of(4, 8, 3)).isEqualTo(3);
        assertThat(PartsParallelism.of(4, 8, 0)).isEqualTo(1);
    }
}
