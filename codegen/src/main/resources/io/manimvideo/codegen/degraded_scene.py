from manim import *

# Written without AI: no provider could write a scene for this problem, so the video shows the problem
# as the person wrote it. Every text is a plain Python string shown with Text, never with TeX.
HEADING = {{heading}}
PROBLEM_LINES = {{problem_lines}}
NOTICE_LINES = {{notice_lines}}


class ProblemStatement(Scene):
    def construct(self):
        heading = Text(HEADING, font_size={{heading_font_size}}, weight=BOLD)
        problem = VGroup(*[Text(line, font_size={{problem_font_size}}) for line in PROBLEM_LINES])
        problem.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        notice = VGroup(*[Text(line, font_size={{notice_font_size}}, color=YELLOW) for line in NOTICE_LINES])
        notice.arrange(DOWN, buff=0.15)
        page = VGroup(heading, problem, notice).arrange(DOWN, buff=0.5)
        if page.width > 13:
            page.scale_to_fit_width(13)
        if page.height > 7.4:
            page.scale_to_fit_height(7.4)
        page.move_to(ORIGIN)
        self.play(Write(heading), run_time=1)
        self.play(FadeIn(problem, shift=0.3 * UP), run_time=1.5)
        self.play(FadeIn(notice), run_time=1)
        self.wait({{wait_seconds}})
