package dev.bouncer;

/**
 * Makes a {@link StackOverflowError} strike before a primitive changes shared state, rather than
 * in the middle of a change.
 *
 * <p>Once a thread has appended itself to a wait queue, or has released permits that a parked
 * thread is waiting for, it must be able to finish: cancel its node, or wake the next waiter. If
 * the stack runs out in between, a node is left LIVE with nobody behind it, or a wakeup is lost,
 * and the queue stops for good. {@link #ensure} is called just before such a step. It makes the
 * JVM check, there, that the stack has room for frames well below the deepest the step will use.
 * If it has not, the error is thrown while nothing has changed yet; otherwise the step that
 * follows has the stack it needs.
 *
 * <p>How. HotSpot checks the stack when a method is entered, in each of its three ways of running
 * one, and the depth it checks follows from the method's declared local variables, not from the
 * work the method does:
 * <ul>
 *   <li>the interpreter allocates an interpreted frame's locals on entry, and checks that they,
 *       with its fixed shadow zone below them, fit;
 *   <li>compiled code (C1 and C2 alike) may have to be deoptimized into interpreted frames at any
 *       point that records debug information, so its entry touches the stack down to the larger
 *       of its own frame and the interpreted frames it could turn into, plus the shadow zone. A
 *       compiled method into which {@code ensure} is inlined, or {@code ensure} compiled on its
 *       own, therefore checks room for {@code ensure}'s locals as an interpreted frame would hold
 *       them.
 * </ul>
 * So {@code ensure} declares {@value #RESERVED_SLOTS} local slots ({@value #RESERVED_BYTES}
 * bytes) in a branch that never runs and assigns none of them: javac gives every declared variable
 * a slot of its own, whether or not it is ever assigned. Compiled, a call costs a load and a
 * compare of {@link #never} and a few stores of the entry's stack check; interpreted, the
 * interpreter's zeroing of the slots. The branch is a real one ({@link #never} is not final, so no
 * compiler can prove it dead and drop the debug information it carries); it holds the one point
 * where the compiled code could deoptimize, which is what makes the compilers count the slots.
 *
 * <p>This is a margin, not a proof: the JVM gives no way to reserve stack. {@code HeadroomDepth}
 * in benchmarks/ measures it against a yardstick reservation (sixteen recursive frames of eight
 * live {@code long}s, several times the depth of the deepest step it guards: cancel, trim,
 * signal, {@code LockSupport.unpark}), and {@code benchmarks/run smoke} fails if it reaches
 * less deep, compiled by C2, by C1 alone or interpreted (docs/engine.md, section 7, has the
 * figures, inlined and not). It is called only on slow paths: before a thread queues, before a
 * release whose first waiter may be parked (which then pays for an unpark anyway), and once per
 * BoundedBuffer operation. Where it is inlined, though, the caller's entry check covers its slots
 * on every path through the caller, the call's branch taken or not: a few page touches per entry,
 * nothing per call, and up to {@value #RESERVED_BYTES} bytes less stack for that caller. {@code StackOverflowTest} and {@code StackOverflowLockAndBufferTest}
 * check what it guards.
 */
final class StackHeadroom {
    /** How many local-variable slots {@link #ensure} declares: 512 {@code long}s of two each. */
    static final int RESERVED_SLOTS = 1024;
    /** What those slots take in an interpreted frame, in bytes (eight a slot on a 64-bit JVM). */
    static final int RESERVED_BYTES = RESERVED_SLOTS * 8;

    /**
     * Never set, so the branch it guards never runs. Not final, so that no compiler can fold the
     * test away: the branch, and with it the point where compiled code would deoptimize into a
     * frame of {@value #RESERVED_SLOTS} slots, stays in every compilation.
     */
    private static int never;

    private StackHeadroom() {
    }

    /** Throws StackOverflowError now if the stack would not last through the step that follows. */
    static void ensure() {
        if (never != 0) { // never true; the slots below are declared for their room, not used
            long r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15;
            long r16, r17, r18, r19, r20, r21, r22, r23, r24, r25, r26, r27, r28, r29, r30, r31;
            long r32, r33, r34, r35, r36, r37, r38, r39, r40, r41, r42, r43, r44, r45, r46, r47;
            long r48, r49, r50, r51, r52, r53, r54, r55, r56, r57, r58, r59, r60, r61, r62, r63;
            long r64, r65, r66, r67, r68, r69, r70, r71, r72, r73, r74, r75, r76, r77, r78, r79;
            long r80, r81, r82, r83, r84, r85, r86, r87, r88, r89, r90, r91, r92, r93, r94, r95;
            long r96, r97, r98, r99, r100, r101, r102, r103, r104, r105, r106, r107, r108, r109, r110, r111;
            long r112, r113, r114, r115, r116, r117, r118, r119, r120, r121, r122, r123, r124, r125, r126, r127;
            long r128, r129, r130, r131, r132, r133, r134, r135, r136, r137, r138, r139, r140, r141, r142, r143;
            long r144, r145, r146, r147, r148, r149, r150, r151, r152, r153, r154, r155, r156, r157, r158, r159;
            long r160, r161, r162, r163, r164, r165, r166, r167, r168, r169, r170, r171, r172, r173, r174, r175;
            long r176, r177, r178, r179, r180, r181, r182, r183, r184, r185, r186, r187, r188, r189, r190, r191;
            long r192, r193, r194, r195, r196, r197, r198, r199, r200, r201, r202, r203, r204, r205, r206, r207;
            long r208, r209, r210, r211, r212, r213, r214, r215, r216, r217, r218, r219, r220, r221, r222, r223;
            long r224, r225, r226, r227, r228, r229, r230, r231, r232, r233, r234, r235, r236, r237, r238, r239;
            long r240, r241, r242, r243, r244, r245, r246, r247, r248, r249, r250, r251, r252, r253, r254, r255;
            long r256, r257, r258, r259, r260, r261, r262, r263, r264, r265, r266, r267, r268, r269, r270, r271;
            long r272, r273, r274, r275, r276, r277, r278, r279, r280, r281, r282, r283, r284, r285, r286, r287;
            long r288, r289, r290, r291, r292, r293, r294, r295, r296, r297, r298, r299, r300, r301, r302, r303;
            long r304, r305, r306, r307, r308, r309, r310, r311, r312, r313, r314, r315, r316, r317, r318, r319;
            long r320, r321, r322, r323, r324, r325, r326, r327, r328, r329, r330, r331, r332, r333, r334, r335;
            long r336, r337, r338, r339, r340, r341, r342, r343, r344, r345, r346, r347, r348, r349, r350, r351;
            long r352, r353, r354, r355, r356, r357, r358, r359, r360, r361, r362, r363, r364, r365, r366, r367;
            long r368, r369, r370, r371, r372, r373, r374, r375, r376, r377, r378, r379, r380, r381, r382, r383;
            long r384, r385, r386, r387, r388, r389, r390, r391, r392, r393, r394, r395, r396, r397, r398, r399;
            long r400, r401, r402, r403, r404, r405, r406, r407, r408, r409, r410, r411, r412, r413, r414, r415;
            long r416, r417, r418, r419, r420, r421, r422, r423, r424, r425, r426, r427, r428, r429, r430, r431;
            long r432, r433, r434, r435, r436, r437, r438, r439, r440, r441, r442, r443, r444, r445, r446, r447;
            long r448, r449, r450, r451, r452, r453, r454, r455, r456, r457, r458, r459, r460, r461, r462, r463;
            long r464, r465, r466, r467, r468, r469, r470, r471, r472, r473, r474, r475, r476, r477, r478, r479;
            long r480, r481, r482, r483, r484, r485, r486, r487, r488, r489, r490, r491, r492, r493, r494, r495;
            long r496, r497, r498, r499, r500, r501, r502, r503, r504, r505, r506, r507, r508, r509, r510, r511;
            throw new AssertionError("StackHeadroom.never was set");
        }
    }
}
