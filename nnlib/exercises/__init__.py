"""Checkers for the exercises at the end of each chapter: ``check_<something>(answer)`` returns a Feedback.

A Feedback is truthy when the answer is right; in a notebook it shows its message: "Correct!", or
what is wrong (a wrong shape, a flipped sign, a forgotten bias, ...) with a hint, never the solution.
Whatever the answer (None, a string, NaN, a function that raises), a checker never raises.

The checkers live in one module per chapter, ``nnlib.exercises.chapter1`` to ``chapter6``, next to
the data their exercises use. ``xor_losses(learning_rate)`` is the run of chapter 4's exercise 1: the
loss at each step, ``inf`` once the numbers overflow, never a traceback. ``capstone_ready(...)`` tells
chapter 6's cells whether the reader's functions they need pass their checks, and
``capstone_network(params)`` puts the reader's parameters into an nnlib Network; ``capstone`` holds
what chapter 6's checks compare with (the right network, the hidden test networks, the calibration).
"""

from .feedback import Feedback
from .chapter1 import check_layer_output, check_sigmoid_neuron, check_tanh_derivative
from .chapter2 import check_forward, check_shapes, check_switch_off_weight
from .chapter3 import check_bias_gradient, check_dense_backward, check_loss_gradient, check_weight_gradient
from .chapter4 import check_accuracy, check_diverging_learning_rate, check_one_hot, check_softmax, xor_losses
from .chapter5 import check_adam_first_step, check_he_std, check_learning_rate_edge, check_momentum_step
from .chapter6 import (capstone_network, capstone_ready, check_capstone_backward, check_capstone_forward,
                       check_capstone_init, check_capstone_loss, check_capstone_training)

#: Chapter number -> its checkers, in the order of the chapter's exercises.
CHECKERS = {
    1: [check_sigmoid_neuron, check_tanh_derivative, check_layer_output],
    2: [check_shapes, check_switch_off_weight, check_forward],
    3: [check_loss_gradient, check_weight_gradient, check_bias_gradient, check_dense_backward],
    4: [check_diverging_learning_rate, check_one_hot, check_softmax, check_accuracy],
    5: [check_he_std, check_learning_rate_edge, check_momentum_step, check_adam_first_step],
    6: [check_capstone_init, check_capstone_forward, check_capstone_loss, check_capstone_backward,
        check_capstone_training],
}

__all__ = ["Feedback", "CHECKERS", "xor_losses", "capstone_ready", "capstone_network",
           *(check.__name__ for checks in CHECKERS.values() for check in checks)]
