import { markdownToPlainText } from './markdown-plain';

describe('markdownToPlainText', () => {
  it.each([
    ['Toplantı **15 dekabr** tarixində', 'Toplantı 15 dekabr tarixində'],
    ['*курсив* и _тоже_ и ~~зачёркнуто~~', 'курсив и тоже и зачёркнуто'],
    ['**bold with *italic* inside**', 'bold with italic inside'],
    ['see [the agenda](https://birlik.example.org/a) now', 'see the agenda now'],
    ['`**not bold**` stays literal', '**not bold** stays literal'],
    ['> quoted\n> - item', 'quoted\nitem'],
    ['- one\n- two\n1. three', 'one\ntwo\n1. three'],
    ['```\n**code**\n```', '**code**'],
    ['snake_case_name and 2*3*4 stay', 'snake_case_name and 2*3*4 stay'],
    ['Plain text, nothing to do.', 'Plain text, nothing to do.'],
    ['@Aysel **Bakı** şəhəri', '@Aysel Bakı şəhəri'],
  ])('%j → %j', (md, plain) => {
    expect(markdownToPlainText(md)).toBe(plain);
  });
});
