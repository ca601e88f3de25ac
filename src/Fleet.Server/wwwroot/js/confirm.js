// A form that cannot be undone (retire, dispose, close, leave service) asks once more before it is sent:
// its data-confirm attribute holds the question in the reader's language.
document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
});
