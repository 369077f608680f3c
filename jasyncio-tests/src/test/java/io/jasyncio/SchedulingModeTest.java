package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulingModeTest {

    @Test
    void loopPicksTheModeTheJvmAllows() throws Exception {
        String expected = System.getProperty("jasyncio.expectedMode", "fast");
        SchedulingMode mode = Asyncio.run(() -> Asyncio.loop().schedulingMode());
        assertThat(mode.name()).isEqualToIgnoringCase(expected);
    }
}
