const kuromoji = require('kuromoji'); const path=require('path');
kuromoji.builder({dicPath: path.join(path.dirname(require.resolve('kuromoji/package.json')),'dict')}).build((e,tok)=>{
 for (const s of process.argv.slice(2)) console.log(tok.tokenize(s).map(t=>t.surface_form+'/'+t.pos+','+t.pos_detail_1+','+t.pos_detail_2+','+t.pos_detail_3).join(' | '));
});
